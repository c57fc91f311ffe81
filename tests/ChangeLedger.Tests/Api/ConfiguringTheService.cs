using System.Net;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>Settings validated at start, and a schema that Production applies with db-apply, never by starting.</summary>
public sealed class ConfiguringTheService
{
    [Theory]
    [InlineData("Limits__MaxBatchItems", "0", "Limits:MaxBatchItems")]
    [InlineData("Limits__RateLimit__Burst", "many", "Limits:RateLimit:Burst")]
    [InlineData("Database__ProbeSeconds", "-1", "Database:ProbeSeconds")]
    [InlineData("Access__Mode", "Sometimes", "Access:Mode")]
    [InlineData("Integrity__SigningKeyFile", "/nonexistent/signing-key.pem", "Integrity:SigningKeyFile")]
    [InlineData("Integrity__CheckpointInterval", "hourly", "Integrity:CheckpointInterval")]
    [InlineData("Integrity__CheckpointInterval", "-01:00:00", "Integrity:CheckpointInterval")]
    [InlineData("Integrity__GapTimeout", "00:00:00", "Integrity:GapTimeout")]
    [InlineData("Integrity__Witness__Url", "ftp://witness.example/", "Integrity:Witness:Url")]
    [InlineData("Integrity__RetiredKeys__0__PublicKeyPem", "not a key", "Integrity:RetiredKeys:0")]
    [InlineData("Identity__Issuers__ci__Issuer", "https://token.ci.example", "Identity:Issuers:ci")]
    [InlineData("Webhooks__RetryCooldowns", "00:00:01,soon", "Webhooks:RetryCooldowns")]
    [InlineData("Webhooks__Timeout", "00:00:00", "Webhooks:Timeout")]
    [InlineData("Webhooks__AllowedNetworks__0", "10.0.0.0/33", "Webhooks:AllowedNetworks")]
    [InlineData("Wolverine__ScheduledJobPollingTime", "often", "Wolverine:ScheduledJobPollingTime")]
    [InlineData("CdEvents__Strict", "sometimes", "CdEvents:Strict")]
    [InlineData("Web__SessionMinutes", "0", "Web:SessionMinutes")]
    [InlineData("Web__Login__Issuer", "nobody", "Web:Login:Issuer")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "the-ingress", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks:0")]
    public async Task a_bad_value_stops_the_service_with_one_line_naming_the_setting(string variable, string value, string setting)
    {
        await using var service = await ServiceDatabase.Empty();

        var (exit, output) = await service.Run(new Dictionary<string, string> { [variable] = value });

        exit.ShouldBe(2, output);
        output.ShouldContain("Invalid configuration");
        output.ShouldContain(setting);
        output.ShouldNotContain("Unhandled exception");
        output.ShouldNotContain("   at ");
        output.ShouldNotContain(new Npgsql.NpgsqlConnectionStringBuilder(service.ConnectionString).Password!, Case.Sensitive, "no secret reaches the log");
        output.ShouldNotContain(service.AdminKey);
    }

    /// <summary>An issuer written without its scheme could never match a token's iss nor find its discovery document.</summary>
    [Theory]
    [InlineData("login.acme.example/oauth2", "Issuer")]
    [InlineData("//login.acme.example/oauth2", "Issuer")]
    [InlineData("ftp://login.acme.example/oauth2", "Issuer")]
    public async Task an_issuer_address_without_an_http_scheme_stops_the_start_naming_it(string issuer, string field)
    {
        await using var service = await ServiceDatabase.Empty();

        var (exit, output) = await service.Run(new Dictionary<string, string>
        {
            ["Identity__Issuers__acme__Issuer"] = issuer,
            ["Identity__Issuers__acme__Audiences__0"] = "changeledger",
        });

        exit.ShouldBe(2, output);
        output.ShouldContain($"Invalid configuration: Identity:Issuers:acme:{field} (Identity__Issuers__acme__{field}) '{issuer}' must be an absolute https (or http) address, scheme included");
        output.ShouldNotContain("   at ");
    }

    /// <summary>
    /// The image names a signing key file the schema Job does not mount: db-apply reads the connection string and the
    /// storage settings, not the key, so it applies the schema; a bad storage setting still stops it; the service does need the key.
    /// </summary>
    [Fact]
    public async Task a_command_is_judged_by_the_settings_it_reads_so_db_apply_runs_without_the_signing_key()
    {
        await using var service = await ServiceDatabase.Empty();
        var noKey = new Dictionary<string, string> { ["Integrity__SigningKeyFile"] = "/run/secrets/changeledger-signing-key-not-mounted" };

        var (badSetting, said) = await service.Run(new Dictionary<string, string>(noKey) { ["Database__ProbeSeconds"] = "-1" }, "db-apply");
        badSetting.ShouldBe(2, said);
        said.ShouldContain("Database:ProbeSeconds");
        (await service.Count("select count(*) from pg_tables where schemaname = 'ledger'")).ShouldBe(0);

        var (applied, log) = await service.Run(noKey, "db-apply");
        applied.ShouldBe(0, log);
        (await service.Count("select count(*) from pg_tables where schemaname = 'ledger'")).ShouldBeGreaterThan(0);

        var (started, reason) = await service.Run(noKey);
        started.ShouldBe(2, reason);
        reason.ShouldContain("Integrity:SigningKeyFile");
    }

    /// <summary>appsettings.json lists every setting an options class reads, and docs/operations.md's table names each one.</summary>
    [Fact]
    public void appsettings_and_the_operations_guide_name_every_setting()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "src", "ChangeLedger", "appsettings.json")));
        var listed = new HashSet<string>(StringComparer.Ordinal);
        Flatten(json.RootElement, "", listed);
        var guide = File.ReadAllText(Path.Combine(root, "docs", "operations.md"));

        var declared = new (string Section, Type Options)[]
        {
            (ChangeLedger.Hosting.DatabaseSettings.Section, typeof(ChangeLedger.Hosting.DatabaseSettings)),
            (ChangeLedger.Hosting.LimitsSettings.Section, typeof(ChangeLedger.Hosting.LimitsSettings)),
            (ChangeLedger.Hosting.RateLimitSettings.Section, typeof(ChangeLedger.Hosting.RateLimitSettings)),
            (ChangeLedger.Hosting.ProjectionSettings.Section, typeof(ChangeLedger.Hosting.ProjectionSettings)),
            (ChangeLedger.Access.AccessOptions.Section, typeof(ChangeLedger.Access.AccessOptions)),
            (ChangeLedger.Integrity.IntegritySettings.Section, typeof(ChangeLedger.Integrity.IntegritySettings)),
            (ChangeLedger.Ingestion.IngestionSettings.Section, typeof(ChangeLedger.Ingestion.IngestionSettings)),
            (ChangeLedger.Integrations.WebhookSettings.Section, typeof(ChangeLedger.Integrations.WebhookSettings)),
            (ChangeLedger.Hosting.MessagingSettings.Section, typeof(ChangeLedger.Hosting.MessagingSettings)),
            (ChangeLedger.Hosting.ForwardedHeadersSettings.Section, typeof(ChangeLedger.Hosting.ForwardedHeadersSettings)),
        }.SelectMany(d => Keys(d.Section, d.Options)).Append("ConnectionStrings:Ledger").Append("ConnectionStrings:LedgerReplica").Append("Identity:Issuers")
            // The web view's login is a whole section or none (docs/web.md), like the issuers it names.
            .Append("Web:SessionMinutes").Append("Web:Login")
            // ASP.NET Core's host filtering reads it (docs/security.md): the names the service answers to.
            .Append("AllowedHosts").ToList();

        declared.Where(k => !listed.Contains(k)).ShouldBeEmpty("settings missing from appsettings.json");
        listed.Where(k => !k.StartsWith("Logging:", StringComparison.Ordinal) && !declared.Contains(k)).ShouldBeEmpty("appsettings.json entries no options class reads");
        declared.Where(k => !guide.Contains("`" + k.Replace(":", "__", StringComparison.Ordinal), StringComparison.Ordinal)).ShouldBeEmpty("settings docs/operations.md does not describe");
    }

    private static IEnumerable<string> Keys(string section, Type options) =>
        options.GetProperties().Where(p => p.CanWrite).SelectMany(p =>
            p.PropertyType.IsClass && p.PropertyType != typeof(string) && !p.PropertyType.IsGenericType
                ? Keys($"{section}:{p.Name}", p.PropertyType)
                : [$"{section}:{p.Name}"]);

    private static void Flatten(System.Text.Json.JsonElement element, string path, HashSet<string> keys)
    {
        if (element.ValueKind == System.Text.Json.JsonValueKind.Object && (path.Length == 0 || element.EnumerateObject().Any()))
            foreach (var member in element.EnumerateObject()) Flatten(member.Value, path.Length == 0 ? member.Name : $"{path}:{member.Name}", keys);
        else keys.Add(path);
    }

    /// <summary>A start is a start however it is spelled: with the documented --urls too (it once skipped the check and exited 0).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("--urls http://127.0.0.1:0")]
    public async Task production_refuses_an_unmigrated_schema_naming_db_apply_and_starts_once_it_has_run(string options)
    {
        var start = options.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var service = await ServiceDatabase.Empty();

        var (refused, said) = await service.Run(new Dictionary<string, string>(), start);
        refused.ShouldBe(2, said);
        said.ShouldContain("dotnet ChangeLedger.dll db-apply");
        said.ShouldNotContain("   at ");
        said.ShouldNotContain(new Npgsql.NpgsqlConnectionStringBuilder(service.ConnectionString).Password!, Case.Sensitive);
        (await service.Count("select count(*) from pg_tables where schemaname = 'ledger'")).ShouldBe(0, "a refused start changed nothing");

        var (applied, log) = await service.Run(new Dictionary<string, string>(), "db-apply");
        applied.ShouldBe(0, log);

        using var client = await service.Serve(new Dictionary<string, string>());
        await (await client.PostAsync("/v1/changes", System.Net.Http.Json.JsonContent.Create(Requests.Human("after-db-apply"), options: LedgerApp.Json))).ShouldHaveStatus(201);
    }

    [Fact]
    public async Task readiness_fails_while_the_schema_is_not_migrated()
    {
        await using var service = await ServiceDatabase.WithSchema();
        using var client = await service.Serve(new Dictionary<string, string>());

        // Someone drops a table the service needs while it runs: it stops reporting ready and says why.
        await using (var db = new Npgsql.NpgsqlConnection(service.ConnectionString))
        {
            await db.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand("drop table ledger.mt_events cascade", db);
            await drop.ExecuteNonQueryAsync();
        }
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldContain("schema");
    }

    [Fact]
    public async Task readiness_fails_while_an_asynchronous_projection_lags_beyond_the_configured_bound()
    {
        await using var service = await ServiceDatabase.WithSchema();
        using var client = await service.Serve(new Dictionary<string, string> { ["Projections__MaxLagEvents"] = "2" });
        foreach (var id in new[] { "lag-1", "lag-2", "lag-3" })
            await (await client.PostAsync("/v1/changes", System.Net.Http.Json.JsonContent.Create(Requests.Human(id), options: LedgerApp.Json))).ShouldHaveStatus(201);
        var newest = await service.Count("select max(seq_id) from ledger.mt_events");
        for (var i = 0; i < 600 && await service.Count("select coalesce(min(last_seq_id), 0) from ledger.mt_event_progression where name like '%:%'") < newest; i++)
            await Task.Delay(100);
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK, "caught up");

        // The stored position of the projections goes back to the start, as if the daemon had stopped there: it lags every event.
        await using (var db = new Npgsql.NpgsqlConnection(service.ConnectionString))
        {
            await db.OpenAsync();
            await using var rewind = new Npgsql.NpgsqlCommand("update ledger.mt_event_progression set last_seq_id = 0 where name like '%:%'", db);
            (await rewind.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
        }
        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await ready.Content.ReadAsStringAsync();
        body.ShouldContain($"Furthest behind: {newest} events (bound 2)");
    }
}
