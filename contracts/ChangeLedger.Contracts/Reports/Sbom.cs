using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Contracts.Reports;

/// <summary>Software bills of materials in JSON, streamed: what they describe and how many components they list.</summary>
public static class Sbom
{
    /// <summary>
    /// CycloneDX (bomFormat "CycloneDX"): every component, nested ones included (components[].components[]…); the
    /// subject is metadata.component's name and version.
    /// </summary>
    public static SbomSummary CycloneDx(Stream bom)
    {
        string? format = null, spec = null, name = null, version = null;
        var components = 0;
        JsonWalk.Run(bom, (string path, ref Utf8JsonReader reader) =>
        {
            if (reader.TokenType == JsonTokenType.StartObject && path.EndsWith("components[]", StringComparison.Ordinal) && IsComponentChain(path)) components++;
            else if (reader.TokenType == JsonTokenType.String)
                switch (path)
                {
                    case "$.bomFormat": format = reader.GetString(); break;
                    case "$.specVersion": spec = reader.GetString(); break;
                    case "$.metadata.component.name": name = reader.GetString(); break;
                    case "$.metadata.component.version": version = reader.GetString(); break;
                }
        });
        if (format != "CycloneDX") throw new ReportException("not a CycloneDX BOM: its \"bomFormat\" is not \"CycloneDX\" (only the JSON format is read).");
        return new SbomSummary("cyclonedx", spec, components, name is null ? null : version is null ? name : $"{name} {version}");
    }

    /// <summary>SPDX 2.x JSON (spdxVersion "SPDX-2.…"): its packages; the subject is the document's name.</summary>
    public static SbomSummary Spdx(Stream document)
    {
        string? spec = null, name = null;
        var packages = 0;
        JsonWalk.Run(document, (string path, ref Utf8JsonReader reader) =>
        {
            if (reader.TokenType == JsonTokenType.StartObject && path == "$.packages[]") packages++;
            else if (reader.TokenType == JsonTokenType.String && path == "$.spdxVersion") spec = reader.GetString();
            else if (reader.TokenType == JsonTokenType.String && path == "$.name") name = reader.GetString();
        });
        if (spec is null || !spec.StartsWith("SPDX-2.", StringComparison.Ordinal))
            throw new ReportException($"not an SPDX 2 JSON document: its \"spdxVersion\" is {(spec is null ? "missing" : $"\"{spec}\"")}.");
        return new SbomSummary("spdx", spec, packages, name);
    }

    /// <summary>$.components[] and $.components[].components[]…, not components named elsewhere (metadata, compositions).</summary>
    private static bool IsComponentChain(string path)
    {
        var rest = path.AsSpan(1);
        while (rest.StartsWith(".components[]")) rest = rest[".components[]".Length..];
        return rest.IsEmpty;
    }
}
