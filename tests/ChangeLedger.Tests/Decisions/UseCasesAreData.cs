using System.Reflection;
using ChangeLedger.Changes;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// A use case is data and a pure decision: permission, scope, receipts, the expected version, appending and sealing
/// are the engine's, and no use case can change how it does them. Read from the types, as a reviewer would check it.
/// </summary>
public sealed class UseCasesAreData
{
    private static readonly Type[] UseCases =
        [.. typeof(ChangeCommand).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ChangeCommand)))];

    /// <summary>What the compiler writes for every record: equality, printing, cloning.</summary>
    private static readonly HashSet<string> RecordMembers = ["Equals", "GetHashCode", "ToString", "PrintMembers", "get_EqualityContract", "<Clone>$"];

    [Fact]
    public void a_change_command_has_nothing_to_override_but_its_kind_and_its_decision()
    {
        var overridable = typeof(ChangeCommand).GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(m => m switch
            {
                MethodInfo method => (method.IsVirtual || method.IsAbstract) && !method.IsFinal && method.DeclaringType == typeof(ChangeCommand)
                                     && method.GetBaseDefinition().DeclaringType == typeof(ChangeCommand) && !method.IsSpecialName
                                     && !RecordMembers.Contains(method.Name),
                PropertyInfo property => property.GetMethod is { IsVirtual: true, IsFinal: false } getter && getter.GetBaseDefinition().DeclaringType == typeof(ChangeCommand)
                                         && property.Name != "EqualityContract",
                _ => false,
            })
            .Select(m => m.Name).Order().ToList();
        overridable.ShouldBe(["Decide", "Kind"]);
    }

    [Fact]
    public void every_use_case_is_sealed_and_overrides_only_its_kind_and_its_decision()
    {
        UseCases.Length.ShouldBeGreaterThan(10);
        foreach (var useCase in UseCases)
        {
            useCase.IsSealed.ShouldBeTrue($"{useCase.Name} is not sealed");
            var overrides = useCase.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(m => m.IsVirtual && m.GetBaseDefinition().DeclaringType == typeof(ChangeCommand) && !RecordMembers.Contains(m.Name))
                .Select(m => m.Name).Order().ToList();
            overrides.ShouldBe(["Decide", "get_Kind"], useCase.Name);
        }
    }
}
