namespace ChangeLedger.Web;

/// <summary>
/// The pages' only stylesheet, served from this site: the Content-Security-Policy allows styles from here alone, so no
/// page carries an inline style an injected one could hide among.
/// </summary>
public static class Stylesheet
{
    public const string Path = "/web.css";

    public const string Css = """
        :root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fff; --muted: #555; --line: #8a8a8a; --head: #eef1f5; --bar: #1f3a5f; --bar2: #b8c7dc;
            --link: #0b4f9c; --good: #0a5c1f; --good-bg: #eef8f0; --bad: #a30000; --bad-bg: #fff0f0; --alarm-fg: #5c0000; --focus: #f2a900; }
        @media (prefers-color-scheme: dark) {
            :root { --fg: #e8e8e8; --bg: #121417; --muted: #b0b0b0; --line: #6b6b6b; --head: #23282f; --bar: #8fb3e6; --bar2: #4a5a70;
                --link: #8cc4ff; --good: #7ddc95; --good-bg: #15291b; --bad: #ff8f8f; --bad-bg: #361616; --alarm-fg: #ffd0d0; }
        }
        body { font-family: system-ui, sans-serif; margin: 0; color: var(--fg); background: var(--bg); line-height: 1.4; }
        header.site { background: #1f3a5f; color: #fff; padding: .5rem 1rem; display: flex; gap: 1rem; align-items: center; }
        header.site a, header.site button { color: #fff; }
        header.site nav { flex: 1; display: flex; gap: 1rem; }
        header.site button { background: none; border: 1px solid #fff; padding: .2rem .6rem; cursor: pointer; font: inherit; }
        main { padding: 1rem; max-width: 80rem; }
        a { color: var(--link); }
        a:focus, button:focus, input:focus, select:focus, summary:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip { position: absolute; left: -10000px; }
        .skip:focus { left: 1rem; top: 1rem; background: var(--bg); color: var(--link); padding: .5rem; z-index: 1; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: var(--head); }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .9rem; }
        input:invalid { border: 2px solid var(--bad); }
        input, select, button { font: inherit; }
        .passed { color: var(--good); font-weight: 600; }
        .failed { color: var(--bad); font-weight: 600; }
        .stale { color: var(--muted); font-style: italic; }
        .nonconforming { color: var(--muted); font-style: italic; }
        .override { border: 3px solid var(--bad); background: var(--bad-bg); color: var(--alarm-fg); padding: .5rem 1rem; margin: .5rem 0; }
        .notice { border-left: 4px solid var(--bar); background: var(--head); padding: .5rem 1rem; }
        .broken { border-left: 4px solid var(--bad); background: var(--bad-bg); padding: .5rem 1rem; }
        .verified { border-left: 4px solid var(--good); background: var(--good-bg); padding: .5rem 1rem; }
        ul.badges { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: .5rem 0 1rem; }
        .badge { border: 2px solid var(--line); border-radius: 1rem; padding: .15rem .75rem; font-weight: 600; background: var(--head); }
        .badge.good { border-color: var(--good); color: var(--good); background: var(--good-bg); }
        .badge.bad { border-color: var(--bad); color: var(--bad); background: var(--bad-bg); border-style: dashed; }
        .badge.alarm { border: 3px double var(--bad); color: var(--alarm-fg); background: var(--bad-bg); text-transform: uppercase; }
        ul.rules { margin: .25rem 0; padding-left: 1.25rem; }
        nav.pager { display: flex; gap: 1.5rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        .charts svg { max-width: 100%; height: auto; }
        svg .bar { fill: var(--bar); }
        svg .bar.second { fill: var(--bar2); }
        svg .axis { stroke: var(--fg); }
        svg .grid { stroke: var(--line); stroke-dasharray: 2 3; }
        svg text { fill: var(--fg); font-size: 11px; }
        figure { margin: 0; }
        figure table { font-size: .9rem; }
        .when { white-space: nowrap; }
        .error { color: var(--bad); font-weight: 600; }
        @media print {
          :root { --bg: #fff; --fg: #000; }
          body { background: #fff; color: #000; font-size: 10pt; }
          .skip, header.site, form.filters { display: none; }
          a { color: inherit; text-decoration: none; }
          table { break-inside: auto; }
          tr, li { break-inside: avoid; }
          caption, h2 { break-after: avoid; }
        }
        """;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Text(Css, "text/css; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
}
