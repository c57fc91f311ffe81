using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ChangeLedger.Access;

/// <summary>One data-protection key (ASP.NET Core's XML form), kept in PostgreSQL under the id ASP.NET Core names it by.</summary>
public sealed record DataProtectionKey(string Id, string Xml);

/// <summary>
/// The key ring that encrypts the web view's cookies (the session id, the form token, the sign-in state), shared by every
/// replica through PostgreSQL. Left to ASP.NET Core's default, each replica keeps a ring of its own in its home folder,
/// or in memory in a container with a read-only file system: a cookie one replica wrote is refused by the next, and
/// every restart signs everybody out. The keys are stored as ASP.NET Core writes them, not encrypted again (a database
/// reader could decrypt a cookie, which names a session by an id whose SHA-256 alone is stored: see PageSessions).
/// </summary>
public sealed class DataProtectionKeys(IDocumentStore store) : IXmlRepository
{
    public const string ApplicationName = "ChangeLedger";

    // The repository's contract is synchronous and Marten's data access is not. ASP.NET Core reads the ring at the start
    // and then caches it (a refresh a day, or when a cookie names a key it does not hold); a key is stored every 90 days.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        return [.. session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }

    public static void Register(IServiceCollection services)
    {
        // One application name: the ring is the same whichever folder or image a replica runs from.
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IDocumentStore>((o, store) => o.XmlRepository = new DataProtectionKeys(store));
    }
}
