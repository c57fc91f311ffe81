namespace ChangeLedger.Hosting;

/// <summary>
/// Query parameters pass the rule body fields pass: PostgreSQL cannot store or compare text holding NUL (22P05), so a
/// <c>%00</c> anywhere in a query (the change list's filters, the exports', the web search) is a 400 naming the
/// parameter, before any endpoint reads it, instead of a 500 from the database.
/// </summary>
public static class QueryRules
{
    public static IApplicationBuilder UseQueryRules(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (Check(http.Request.Query) is { IsValid: false } invalid)
            {
                await Problems.Result(invalid.ToProblem()).ExecuteAsync(http);
                return;
            }
            await next(http);
        });

    public static Validation Check(IQueryCollection query)
    {
        var v = new Validation();
        foreach (var (name, values) in query)
        {
            // Only NUL is refused here: how long a value may be, or which characters it may hold, is each endpoint's rule.
            if (name.Contains('\0')) v.Add("query", "A query parameter's name must not contain the NUL character (\\u0000).");
            foreach (var value in values) v.Optional(name.Replace("\0", "", StringComparison.Ordinal), value, int.MaxValue);
        }
        return v;
    }
}
