using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Hosting;

/// <summary>
/// ForwardedHeaders: the proxies (a TLS ingress, a load balancer) whose X-Forwarded-Proto and X-Forwarded-For the service
/// believes. Behind one, the request the service sees is plain http from the proxy; believing the proxy makes the sign-in's
/// redirect address https and its cookies Secure, and rate limits count the client, not the proxy. Off while both lists are
/// empty: a header any client can send must not decide the scheme or the address.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, such as <c>10.0.3.7</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, such as <c>10.0.0.0/8</c> (a cluster's pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsOn => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<string> Failures()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
            if (!IPAddress.TryParse(KnownProxies[i], out _))
                yield return $"ForwardedHeaders:KnownProxies:{i} (ForwardedHeaders__KnownProxies__{i}) '{KnownProxies[i]}' is not an IP address.";
        for (var i = 0; i < KnownNetworks.Count; i++)
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _))
                yield return $"ForwardedHeaders:KnownNetworks:{i} (ForwardedHeaders__KnownNetworks__{i}) '{KnownNetworks[i]}' is not a network in CIDR notation (10.0.0.0/8).";
    }
}

/// <summary>Registers the settings and puts the framework's forwarded-headers middleware first when proxies are named.</summary>
public static class TrustedProxies
{
    public static IServiceCollection AddLedgerForwardedHeaders(this IServiceCollection services)
    {
        services.AddSettings<ForwardedHeadersSettings>(ForwardedHeadersSettings.Section);
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>>(new ForwardedHeadersValidation());
        return services;
    }

    /// <summary>First in the pipeline, so everything after it (sign-in, cookies, rate limits, logs) sees the client's request.</summary>
    public static IApplicationBuilder UseLedgerForwardedHeaders(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (!settings.IsOn) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The framework trusts loopback by default; only what the operator named is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in settings.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return app.UseForwardedHeaders(options);
    }

    private sealed class ForwardedHeadersValidation : IValidateOptions<ForwardedHeadersSettings>
    {
        public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings settings) =>
            settings.Failures().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
