using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrations;

/// <summary>
/// A hold, verdict, release or review leaves an announcement in Wolverine's outbox only when a webhook subscription
/// covers its repository: a ledger nobody listens to writes no outbox row. What the outbox receives is logged by a
/// trigger on its table, so a row written and handled at once still counts.
/// </summary>
public sealed class AnnouncingOnlyToListeners(SubscribedLedger app) : IClassFixture<SubscribedLedger>
{
    private const string Heard = "github.com/acme/heard";
    private const string Unheard = "github.com/acme/unheard";

    private async Task LogTheOutbox()
    {
        await app.Count("""
            create table if not exists public.outbox_log (message_type text not null);
            create or replace function public.log_outbox() returns trigger language plpgsql as
              $$ begin insert into public.outbox_log values (new.message_type); return new; end $$;
            drop trigger if exists log_outbox on ledger.wolverine_incoming_envelopes;
            create trigger log_outbox after insert on ledger.wolverine_incoming_envelopes for each row execute function public.log_outbox();
            select 0
            """);
    }

    private Task<long> Announcements() => app.Count("select count(*) from public.outbox_log where message_type like '%EventsCommitted%'");

    private async Task Hold(string changeId, string repository)
    {
        await (await app.Post("/v1/changes", Requests.Human(changeId, repository: repository))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{changeId}/holds", Requests.Hold())).ShouldHaveStatus(201);
    }

    [Fact]
    public async Task a_hold_nobody_subscribed_to_leaves_no_outbox_row_and_one_a_subscriber_covers_is_delivered()
    {
        await LogTheOutbox();

        await Hold("quiet-1", Unheard);
        (await Announcements()).ShouldBe(0);

        await (await app.Put("/v1/integrations/webhooks/heard", new WebhookRequest(app.Receiver.Url("heard"), [Heard], null, null, "tests listen")))
            .ShouldHaveStatus(201);
        await Hold("heard-1", Heard);
        await Hold("quiet-2", Unheard);

        (await Announcements()).ShouldBe(1);
        (await Poll.Until(() => app.Receiver.Accepted("heard").Count == 1)).ShouldBeTrue("the covered hold was never delivered");

        (await app.Client.DeleteAsync("/v1/integrations/webhooks/heard?reason=done")).EnsureSuccessStatusCode();
        await Hold("heard-2", Heard);
        (await Announcements()).ShouldBe(1);
    }
}
