using ChangeLedger.Hosting;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// The service on a real loopback socket (Kestrel) beside the in-process host that seeds it, and Debian's Chromium driven
/// headless by Playwright: never a downloaded browser. The pages are reached as <c>http://localhost:port</c>, which the
/// browser treats as a secure context, so the session cookie's Secure flag holds as in production.
/// </summary>
public class WebLedger(IMessageSink sink) : LedgerApp(sink)
{
    public const string Chromium = "/usr/bin/chromium";

    private WebApplicationFactory<Program>? _web;

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IServiceProvider WebServices => _web!.Services;

    /// <summary>Settings only the Kestrel host gets (the login provider), applied before it starts.</summary>
    public Dictionary<string, string?> WebSettings { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        JasperFxEnvironment.AutoStartHost = true;
        _web = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseContentRoot(ContentRoot);
            web.UseSetting("ConnectionStrings:Ledger", ConnectionString);
            web.UseSetting("Access:BootstrapAdminKey", AdminKey);
            foreach (var (key, value) in Settings.Concat(WebSettings)) web.UseSetting(key, value);
            web.ConfigureServices(TestServices);
        });
        // An explicit loopback listener on a free port: its real address is what the server reports once started.
        _web.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _web.StartServer();
        var address = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new UriBuilder(address) { Host = "localhost" }.Uri.ToString().TrimEnd('/');

        // Without Chromium the tests that open a page skip (in CI, fail) when they ask for one; the others still run.
        if (Tools.Find(Chromium) is null)
        {
            _noBrowser = $"Debian's Chromium ({Chromium}) is not installed: apt-get install chromium";
            return;
        }
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    private string? _noBrowser;

    /// <summary>A fresh browser profile: no cookies, nothing stored.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPage()
    {
        if (_noBrowser is not null) throw Tools.Missing(_noBrowser);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, AcceptDownloads = true });
        return (context, await context.NewPageAsync());
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>The web view on a clock the test class moves (see <see cref="ClockedLedgerApp"/>): both hosts read the one clock.</summary>
public sealed class ClockedWebLedger : WebLedger
{
    public ClockedWebLedger(IMessageSink sink) : base(sink) => Clock = MovableClock();
}
