namespace ChangeLedger.Web;

/// <summary>
/// The pages' only stylesheet, served from this site: the Content-Security-Policy allows styles from here alone, so no
/// page carries an inline style an injected one could hide among.
/// </summary>
public static class Stylesheet
{
    public const string Path = "/web.css";

    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.4; }
        header.site { background: #1f3a5f; color: #fff; padding: .5rem 1rem; display: flex; gap: 1rem; align-items: center; }
        header.site a, header.site button { color: #fff; }
        header.site nav { flex: 1; display: flex; gap: 1rem; }
        header.site button { background: none; border: 1px solid #fff; padding: .2rem .6rem; cursor: pointer; font: inherit; }
        main { padding: 1rem; max-width: 80rem; }
        a { color: #0b4f9c; }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
        .skip { position: absolute; left: -10000px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; color: #0b4f9c; padding: .5rem; z-index: 1; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #8a8a8a; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef1f5; }
        form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .9rem; }
        .passed { color: #0a5c1f; font-weight: 600; }
        .failed { color: #a30000; font-weight: 600; }
        .stale { color: #555; font-style: italic; }
        .nonconforming { color: #6b4200; font-style: italic; }
        .override { border: 3px solid #a30000; background: #fff0f0; color: #5c0000; padding: .5rem 1rem; margin: .5rem 0; }
        .notice { border-left: 4px solid #1f3a5f; background: #eef1f5; padding: .5rem 1rem; }
        .broken { border-left: 4px solid #a30000; background: #fff0f0; padding: .5rem 1rem; }
        .verified { border-left: 4px solid #0a5c1f; background: #eef8f0; padding: .5rem 1rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.facts dt { font-weight: 600; }
        .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-end; }
        .charts svg { max-width: 100%; height: auto; }
        figure { margin: 0; }
        .error { color: #a30000; font-weight: 600; }
        """;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Text(Css, "text/css; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
}
