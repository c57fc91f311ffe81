using ChangeLedger.Hosting;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace ChangeLedger.Integrations;

/// <summary>Events out: webhook subscriptions (events, projection, endpoints), the fan-out and delivery through Wolverine's durable inbox, dead letters.</summary>
public static class Configuration
{
    public const string HttpClientName = "webhooks";

    public static StoreOptions AddIntegrations(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(WebhookSubscribed), typeof(WebhookChanged), typeof(WebhookEndpointSubscribed), typeof(WebhookEndpointChanged), typeof(WebhookRemoved)]);
        // Inline: a subscription takes effect for the next committed event.
        opts.Projections.Add<WebhookSubscriptionProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<WebhookSecret>().Identity(s => s.Id);
        return opts;
    }

    public static WebApplicationBuilder AddIntegrations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<WebhookSettings>(WebhookSettings.Section);
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebhookSettings>, WebhookSettingsValidation>();
        builder.Services.AddSingleton<IAddressResolver, DnsAddresses>();
        builder.Services.AddSingleton(services => WebhookDestinations.From(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookSettings>>().Value, services.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        builder.Services.AddSingleton<FailingSubscribers>();
        // Wolverine's error line (with stack trace) for every failed delivery attempt: the handler logs a failing subscriber once instead.
        builder.Logging.AddFilter(typeof(WebhookDelivery).FullName, LogLevel.Critical);
        builder.Services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((services, c) => c.Timeout = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookSettings>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(services => WebhookConnections.Handler(services.GetRequiredService<WebhookDestinations>(), services.GetRequiredService<IAddressResolver>()))
            // The factory's loggers write each request's full URL, and a subscriber's URL may carry its token: the delivery logs the origin itself.
            .RemoveAllLoggers();
        builder.Services.AddSingleton<WebhookListeners>().AddSingleton(new NotificationChannel(WebhookListeners.Channel))
            .AddSingleton<IConfigureMarten, WebhookListeners.Registration>();
        builder.Services.Replace(ServiceDescriptor.Singleton(sp => new AnnouncedEvents(OutboundEvents.Announced, sp.GetRequiredService<WebhookListeners>())));
        // The retry lists are read here, where Wolverine is configured (strings bind without failing); a list that does
        // not parse stops the start through the validation above.
        var section = builder.Configuration.GetSection(WebhookSettings.Section);
        var defaults = new WebhookSettings();
        var retries = WebhookRetries.From(new WebhookSettings
        {
            RetryCooldowns = section[nameof(WebhookSettings.RetryCooldowns)] ?? defaults.RetryCooldowns,
            RetrySchedule = section[nameof(WebhookSettings.RetrySchedule)] ?? defaults.RetrySchedule,
        });
        // Both wait in PostgreSQL (Wolverine's durable inbox), not in one process's memory: they survive a restart, and
        // one node handles each. Deliveries mostly wait on the network, so more run at once than there are cores, and
        // a subscriber that is down holds only the slots of its own retries.
        builder.Services.ConfigureWolverine(opts =>
        {
            opts.LocalQueueFor<Ledger.EventsCommitted>().UseDurableInbox();
            opts.LocalQueueFor<WebhookDelivery>().UseDurableInbox().MaximumParallelMessages(16);
            opts.Policies.Add(retries);
        });
        builder.Services.AddSingleton(RequestRules.For<Contracts.WebhookRequest>(r => SetWebhook.Validate(r, new System.Security.Claims.ClaimsPrincipal(), null)));
        return builder;
    }

    public static void MapIntegrations(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/v1/integrations/webhooks").WithTags("Integrations").ProducesAccessProblems();
        SetWebhook.Map(webhooks);
        RemoveWebhook.Map(webhooks);
        ListWebhooks.Map(webhooks);
        DeadLetters.Map(app.MapGroup("/v1/integrations/dead-letters").WithTags("Integrations").ProducesAccessProblems());
    }
}
