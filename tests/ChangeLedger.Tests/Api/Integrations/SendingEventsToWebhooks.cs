using ChangeLedger.Ingestion;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Integrations;
using ChangeLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeLedger.Tests.Api.Integrations;

/// <summary>
/// The service with a webhook receiver on loopback. Retries are configured short (five attempts, 50 ms apart, none
/// rescheduled), so a subscriber that stays down reaches the dead letters in well under a second; the durability agent
/// polls every second, so a replay is picked up as soon. The receiver is reached through the documented allowance
/// (Webhooks:AllowedNetworks 127.0.0.1/32 and ::1/128); names resolve through <see cref="FixedAddresses"/>, never DNS.
/// </summary>
public sealed class SubscribedLedger(IMessageSink sink) : LedgerApp(sink)
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>What the service's resolver answers for a name; an unknown name does not resolve.</summary>
    public FixedAddresses Names { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAddressResolver>(Names);

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.Start();
        Settings["Webhooks:AllowedNetworks:0"] = "127.0.0.1/32";
        Settings["Webhooks:AllowedNetworks:1"] = "::1/128";
        Settings["Webhooks:RetryCooldowns"] = "00:00:00.05,00:00:00.05,00:00:00.05,00:00:00.05";
        Settings["Webhooks:RetrySchedule"] = "none";
        // A replayed dead letter goes back to the inbox on the durability agent's next poll.
        Settings["Wolverine:ScheduledJobPollingTime"] = "00:00:01";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>A resolver with fixed answers, so no test ever asks DNS, and a public-looking name can answer a loopback address.</summary>
public sealed class FixedAddresses : IAddressResolver
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, System.Net.IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<System.Net.IPAddress[]> Resolve(string host, CancellationToken ct) =>
        Answers.TryGetValue(host, out var found) ? Task.FromResult(found) : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
}

public sealed class SendingEventsToWebhooks(SubscribedLedger app) : IClassFixture<SubscribedLedger>
{
    private WebhookReceiver Receiver => app.Receiver;

    private async Task<WebhookAnswer> Subscribe(string id, string repository, string[]? types = null, string? secret = null) =>
        await (await app.Put($"/v1/integrations/webhooks/{id}", new WebhookRequest(Receiver.Url(id), [repository], types, secret, "tests listen"))).Read<WebhookAnswer>(201);

    [Fact]
    public async Task a_hold_reaches_a_subscriber_that_refused_its_first_three_deliveries_signed_with_the_generated_secret()
    {
        const string repository = "github.com/acme/flaky";
        var answer = await Subscribe("flaky", repository);
        Receiver.FailNext("flaky", 3);
        await (await app.Post("/v1/changes", Requests.Human("hook-flaky-1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-flaky-1/holds", Requests.Hold("inc-9"))).ShouldHaveStatus(201);

        (await Poll.Until(() => Receiver.Accepted("flaky").Count == 1)).ShouldBeTrue("the hold never arrived");
        var trail = await app.Get<AuditTrail>("/v1/changes/hook-flaky-1/trail");

        var attempts = Receiver.Attempts("flaky");
        attempts.Select(a => a.Answered).ShouldBe([503, 503, 503, 204]);
        attempts.Select(a => a.Id).Distinct().ShouldBe(["hook-flaky-1/2"]);
        var delivered = Receiver.Accepted("flaky").Single();
        answer.Secret.ShouldNotBeNull().ShouldStartWith("whsec_");
        Verifies(answer.Secret, delivered).ShouldBeTrue();
        Verifies(answer.Secret, delivered with { Body = delivered.Body.Replace("inc-9", "inc-8") }).ShouldBeFalse();
        delivered.ContentType.ShouldBe("application/cloudevents+json; charset=utf-8");
        var cloudEvent = JsonDocument.Parse(delivered.Body).RootElement;
        cloudEvent.GetProperty("specversion").GetString().ShouldBe("1.0");
        cloudEvent.GetProperty("id").GetString().ShouldBe("hook-flaky-1/2");
        cloudEvent.GetProperty("type").GetString().ShouldBe("dev.cdevents.changewindow.started.0.1.0-draft");
        cloudEvent.GetProperty("subject").GetString().ShouldBe("hook-flaky-1");
        var custom = cloudEvent.GetProperty("data").GetProperty("customData");
        custom.GetProperty("holdId").GetString().ShouldBe("inc-9");
        custom.GetProperty("placedBy").GetString().ShouldBe("oncall-carol");
        custom.GetProperty("repository").GetString().ShouldBe(repository);
        custom.GetProperty("eventHash").GetString().ShouldBe(trail.Events[1].Hash);
        custom.GetProperty("sequence").GetInt64().ShouldBe(trail.Events[1].Sequence);
    }

    [Fact]
    public async Task a_hold_that_came_in_as_a_changewindow_cdevent_is_not_announced_back_as_one()
    {
        const string repository = "github.com/acme/loop";
        await Subscribe("loop", repository);
        await (await app.Post("/v1/changes", Requests.Human("hook-loop-1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Client.SendAsync(CdEvents.Structured(CdEvents.Sample("changewindow_started", "hook-loop-1", "hook-loop-2", "loop")))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-loop-1/holds", Requests.Hold("inc-11"))).ShouldHaveStatus(201);

        (await Poll.Until(() => Receiver.Accepted("loop").Count == 1)).ShouldBeTrue("the hold placed through the API never arrived");
        (await app.Get<ReleaseView>("/v1/changes/hook-loop-1/release")).OpenHolds.Select(h => h.HoldId).ShouldBe(["freeze-black-friday", "inc-11"], ignoreOrder: true);
        // Version 2 is the CDEvent's hold, version 3 the API's: only the latter leaves.
        Receiver.Attempts("loop").Select(a => a.Id).Distinct().ShouldBe(["hook-loop-1/3"]);
    }

    [Fact]
    public async Task a_subscriber_that_stays_down_lands_in_the_dead_letters_and_a_replay_delivers_once_it_is_back()
    {
        const string repository = "github.com/acme/down";
        var answer = await Subscribe("down", repository, secret: "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Receiver.SetDown("down", true);
        await (await app.Post("/v1/changes", Requests.Human("hook-down-1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-down-1/holds", Requests.Hold("inc-10"))).ShouldHaveStatus(201);

        DeadLetterInfo? dead = null;
        (await Poll.Until(async () => (dead = (await app.Get<List<DeadLetterInfo>>("/v1/integrations/dead-letters")).SingleOrDefault(d => d.SubscriptionId == "down")) is not null))
            .ShouldBeTrue("the delivery never reached the dead letters: " + await (await app.Client.GetAsync("/v1/integrations/dead-letters")).Content.ReadAsStringAsync()
                + " attempts " + Receiver.Attempts("down").Count + " rows " + await app.Text("select string_agg(message_type || ' ' || coalesce(exception_message, ''), '; ') from ledger.wolverine_dead_letters"));
        Receiver.Attempts("down").Count.ShouldBe(5);
        dead!.Kind.ShouldBe("webhook");
        dead.EventId.ShouldBe("hook-down-1/2");
        dead.ChangeId.ShouldBe("hook-down-1");
        dead.EventType.ShouldBe("dev.cdevents.changewindow.started.0.1.0-draft");
        dead.Error.ShouldBe("Subscriber 'down' answered 503 to event hook-down-1/2.");

        Receiver.SetDown("down", false);
        var replayed = await (await app.Client.PostAsync($"/v1/integrations/dead-letters/{dead.Id}/replay", null)).Read<DeadLetterInfo>(202);
        replayed.Replayable.ShouldBeTrue();
        (await Poll.Until(() => Receiver.Accepted("down").Count == 1, seconds: 120)).ShouldBeTrue("the replay never arrived");
        answer.Secret.ShouldBeNull();
        Receiver.Accepted("down").Single().Id.ShouldBe("hook-down-1/2");
        (await Poll.Until(async () => !(await app.Get<List<DeadLetterInfo>>("/v1/integrations/dead-letters")).Any(d => d.SubscriptionId == "down"))).ShouldBeTrue();
        await (await app.Client.PostAsync($"/v1/integrations/dead-letters/{dead.Id}/replay", null)).ShouldBeProblem(404, "unknown-dead-letter");
        await (await app.Client.PostAsync("/v1/integrations/dead-letters/not-a-uuid/replay", null)).ShouldBeProblem(400, "validation");
    }

    [Fact]
    public async Task each_subscriber_gets_the_types_and_repositories_it_asked_for()
    {
        const string other = "github.com/acme/elsewhere";
        await Subscribe("payments-all", Requests.Repository);
        await Subscribe("acme-releases", "github.com/acme/*", ["dev.cdevents.service.deployed.0.3.0", "dev.changeledger.release.refused.v1"]);
        await Subscribe("elsewhere", other);

        await (await app.Post("/v1/changes", Requests.Human("hook-pay-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-pay-1/reviews", Requests.Review("erin", "c0ffee1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-pay-1/holds", Requests.Hold("inc-11"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-pay-1/releases", Requests.Release())).ShouldHaveStatus(409);
        await (await app.Post("/v1/changes/hook-pay-1/releases", Requests.Release(@override: new OverrideBody("vp-eve", "ship the fix")))).ShouldHaveStatus(201);
        // Written last; delivery order is not promised, so the sentinel only says the fan-out has run for it.
        await (await app.Post("/v1/changes", Requests.Human("hook-else-1", repository: other))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-else-1/holds", Requests.Hold("inc-12"))).ShouldHaveStatus(201);

        (await Poll.Until(() => Receiver.Accepted("payments-all").Count >= 5 && Receiver.Accepted("acme-releases").Count >= 2 && Receiver.Accepted("elsewhere").Count >= 1))
            .ShouldBeTrue("not every delivery arrived");
        Types("payments-all").ShouldBe([
            "hook-pay-1/2 dev.cdevents.change.reviewed.0.3.0",
            "hook-pay-1/3 dev.cdevents.changewindow.started.0.1.0-draft",
            "hook-pay-1/4 dev.changeledger.release.refused.v1",
            "hook-pay-1/5 dev.changeledger.release.overridden.v1",
            "hook-pay-1/6 dev.cdevents.service.deployed.0.3.0",
        ]);
        Types("acme-releases").ShouldBe(["hook-pay-1/4 dev.changeledger.release.refused.v1", "hook-pay-1/6 dev.cdevents.service.deployed.0.3.0"]);
        Types("elsewhere").ShouldBe(["hook-else-1/2 dev.cdevents.changewindow.started.0.1.0-draft"]);

        // The CDEvents conform to their spec version (the changewindow draft is defined by no release).
        foreach (var delivery in Receiver.Accepted("payments-all").Select(d => JsonDocument.Parse(d.Body).RootElement)
                     .Where(e => e.GetProperty("type").GetString() is { } type && type.StartsWith("dev.cdevents.", StringComparison.Ordinal) && !type.Contains("changewindow")))
        {
            var data = delivery.GetProperty("data");
            var check = CdEventConformance.Check(data);
            check.ShouldNotBeNull("the ledger's own rules describe the CDEvents it sends");
            check.Value.Violations.Select(v => $"{v.Path}: {v.Message}").ShouldBeEmpty();
        }
        var deployed = JsonDocument.Parse(Receiver.Accepted("payments-all").Single(d => d.Id == "hook-pay-1/6").Body).RootElement.GetProperty("data");
        deployed.GetProperty("subject").GetProperty("content").GetProperty("environment").GetProperty("id").GetString().ShouldBe("prod");
        deployed.GetProperty("customData").GetProperty("override").GetProperty("justification").GetString().ShouldBe("ship the fix");
        var refused = JsonDocument.Parse(Receiver.Accepted("payments-all").Single(d => d.Id == "hook-pay-1/4").Body).RootElement.GetProperty("data");
        refused.GetProperty("verdict").GetProperty("ready").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task secrets_are_answered_once_when_generated_and_never_read_back()
    {
        var given = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var created = await Subscribe("quiet", "github.com/acme/quiet", secret: given);
        var generated = (await Subscribe("quiet-generated", "github.com/acme/quiet")).Secret!;
        var again = await (await app.Put("/v1/integrations/webhooks/quiet-generated",
            new WebhookRequest(Receiver.Url("quiet-generated"), ["github.com/acme/quiet"], null, null, "same again"))).Read<WebhookAnswer>(200);
        var list = await (await app.Client.GetAsync("/v1/integrations/webhooks")).Content.ReadAsStringAsync();
        var removed = await (await app.Client.DeleteAsync("/v1/integrations/webhooks/quiet?reason=done")).Read<WebhookInfo>(200);

        created.Secret.ShouldBeNull();
        created.Subscription.SecretFingerprint.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(given)))[..16]);
        again.Secret.ShouldBeNull();
        again.Subscription.Version.ShouldBe(1);
        list.ShouldContain("quiet-generated");
        list.ShouldNotContain(given);
        list.ShouldNotContain(generated);
        removed.Removed.ShouldBeTrue();
        (await app.Count($"select count(*) from ledger.mt_events where data::text like '%{given[6..]}%' or data::text like '%{generated[6..]}%'")).ShouldBe(0);
        (await app.Count("select count(*) from ledger.mt_doc_webhooksecret where id = '~webhook:quiet'")).ShouldBe(0);
    }

    [Fact]
    public async Task a_subscription_the_ledger_cannot_serve_is_refused_and_nothing_is_stored()
    {
        var before = await app.Count("select count(*) from ledger.mt_events where stream_id like '~webhook:%'");

        var problem = await (await app.Put("/v1/integrations/webhooks/bad", new WebhookRequest("ftp://example.com/x", [], ["dev.cdevents.build.finished.0.2.0"], "not-a-secret", null)))
            .ShouldBeProblem(400, "validation");

        var errors = problem.GetProperty("errors");
        foreach (var member in new[] { "url", "repositories", "types", "secret", "reason" }) errors.TryGetProperty(member, out _).ShouldBeTrue(member);
        (await app.Count("select count(*) from ledger.mt_events where stream_id like '~webhook:%'")).ShouldBe(before);
        var reader = await app.IssueKey("reader", ["read"]);
        (await app.ClientWith(reader).GetAsync("/v1/integrations/webhooks")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_public_name_that_resolves_to_a_loopback_address_not_allowed_is_never_connected_to_and_dead_letters_without_the_address()
    {
        const string repository = "github.com/acme/rebound";
        // Registration sees only a public-looking name; the resolver answers, at the moment of connecting, a loopback
        // address outside the allowance (127.0.0.1/32), as a rebinding DNS server would.
        app.Names.Answers["hooks.rebound.example"] = [System.Net.IPAddress.Parse("127.0.0.2")];
        app.Names.Answers["hooks.allowed.example"] = [System.Net.IPAddress.Loopback];
        var port = new Uri(Receiver.BaseUrl).Port;
        await (await app.Put("/v1/integrations/webhooks/rebound", new WebhookRequest($"http://hooks.rebound.example:{port}/rebound", [repository], null, null, "rebinding"))).ShouldHaveStatus(201);
        await (await app.Put("/v1/integrations/webhooks/named", new WebhookRequest($"http://hooks.allowed.example:{port}/named?token=s3cr3t-token", [repository], null, null, "by name"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("hook-rebound-1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-rebound-1/holds", Requests.Hold("inc-13"))).ShouldHaveStatus(201);

        DeadLetterInfo? dead = null;
        (await Poll.Until(async () => (dead = (await app.Get<List<DeadLetterInfo>>("/v1/integrations/dead-letters")).SingleOrDefault(d => d.SubscriptionId == "rebound")) is not null))
            .ShouldBeTrue("the refused delivery never reached the dead letters");
        (await Poll.Until(() => Receiver.Accepted("named").Count == 1)).ShouldBeTrue("the allowed name was never delivered to");

        Receiver.Attempts("rebound").ShouldBeEmpty();
        dead!.Error.ShouldBe("Event hook-rebound-1/2 could not be sent to subscriber 'rebound': its address is not one the ledger may send to (see Webhooks:AllowedNetworks).");
        dead.Error!.ShouldNotContain("127.0.0");
        dead.Error!.ShouldNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var logged = app.Logs.Where(l => l.Contains("rebound", StringComparison.Ordinal)).ToList();
        logged.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("is failing", StringComparison.Ordinal)).ShouldBe(1);
        logged.ShouldAllBe(l => !l.Contains("127.0.0.2") && !l.Contains("   at "));
        app.Logs.ShouldAllBe(l => !l.Contains("s3cr3t-token"));
    }

    [Fact]
    public async Task a_redirect_from_a_subscriber_is_not_followed()
    {
        const string repository = "github.com/acme/redirecting";
        await Subscribe("redirecting", repository);
        Receiver.RedirectTo("redirecting", Receiver.Url("redirect-target"));
        await (await app.Post("/v1/changes", Requests.Human("hook-redirect-1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/hook-redirect-1/holds", Requests.Hold("inc-14"))).ShouldHaveStatus(201);

        (await Poll.Until(async () => (await app.Get<List<DeadLetterInfo>>("/v1/integrations/dead-letters")).Any(d => d.SubscriptionId == "redirecting"))).ShouldBeTrue();

        Receiver.Attempts("redirecting").Select(a => a.Answered).Distinct().ShouldBe([303]);
        Receiver.Attempts("redirect-target").ShouldBeEmpty();
        Receiver.Gets.ShouldBe(0);
    }

    [Fact]
    public async Task a_new_subscription_event_names_the_origin_and_a_fingerprint_and_only_admins_export_the_webhook_streams()
    {
        var url = Receiver.Url("tokened") + "?token=tok-" + Guid.NewGuid().ToString("N");
        await (await app.Put("/v1/integrations/webhooks/tokened", new WebhookRequest(url, ["github.com/acme/tokened"], null, null, "a token in the query"))).ShouldHaveStatus(201);
        var exporter = app.ClientWith(await app.IssueKey("exporter", ["export"]));

        var asAdmin = await (await app.Client.GetAsync("/v1/exports/trail?format=ndjson")).Content.ReadAsStringAsync();
        var asExporter = await (await exporter.GetAsync("/v1/exports/trail?format=ndjson")).Content.ReadAsStringAsync();
        var listed = (await app.Get<List<WebhookInfo>>("/v1/integrations/webhooks")).Single(w => w.SubscriptionId == "tokened");

        (await app.Text("select type from ledger.mt_events where stream_id = '~webhook:tokened'")).ShouldBe("webhook_endpoint_subscribed");
        var stored = (await app.Text("select data::text from ledger.mt_events where stream_id = '~webhook:tokened'"))!;
        stored.ShouldNotContain("tok-");
        stored.ShouldContain(Receiver.BaseUrl);
        stored.ShouldContain(ChangeLedger.Integrations.WebhookSecret.UrlFingerprint(url));
        asAdmin.ShouldContain("~webhook:tokened");
        asExporter.ShouldNotContain("~webhook:");
        listed.Url.ShouldBe(url);
    }

    private List<string> Types(string name) =>
        [.. Receiver.Accepted(name).Select(d => $"{d.Id} {JsonDocument.Parse(d.Body).RootElement.GetProperty("type").GetString()}").Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Standard Webhooks verification, written from its specification apart from the service's code.</summary>
    private static bool Verifies(string secret, WebhookReceiver.Delivery d)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{d.Id}.{d.Timestamp}.{d.Body}")));
        return d.Signature!.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }
}
