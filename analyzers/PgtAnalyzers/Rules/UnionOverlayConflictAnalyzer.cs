using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.Rules;

/// <summary>
/// PGT002/PGT102: while one member of an overlay group is live, another member of the same group of the same
/// object is neither claimed, released, read nor written (<c>call_rcu(&amp;page-&gt;rcu_head)</c> while
/// <c>page-&gt;lru</c> is on a list).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnionOverlayConflictAnalyzer : FlowRuleAnalyzer
{
    internal override DiagnosticDescriptor OnAllPaths => Descriptors.UnionOverlayConflict;

    internal override DiagnosticDescriptor OnSomePaths => Descriptors.UnionOverlayConflictOnSomePaths;

    internal override bool IsRelevant(PreFilterScan scan) => scan.TouchesOverlay;

    internal override void OnOverlayAccess(OverlayAccessEvent access, FindingSink sink)
    {
        // An assertion tells the analysis a fact; it touches nothing.
        if (access.Access == OverlayAccess.AssumeRelease)
        {
            return;
        }

        var other = access.Live
            .Where(live => !SymbolEqualityComparer.Default.Equals(live.Member, access.Member))
            .OrderByDescending(live => live.Certainty)
            .FirstOrDefault();
        if (other is null)
        {
            return;
        }

        var claim = other.Fact.Claim;
        // A membership left live by another method has no expression here: name it through this access's object.
        var liveText = claim.MemberText ?? MemberText(access, other.Member.Name);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyNames.LiveMember, other.Member.Name)
            .Add(DiagnosticPropertyNames.LiveMemberExpression, liveText)
            .Add(DiagnosticPropertyNames.OverlayGroup, access.Group)
            .Add(DiagnosticPropertyNames.Access, AccessName(access.Access));
        var release = access.Contracts.FindReleaseMethod(TypeOf(other.Member), claim.Method?.ContainingType, access.ContainingMethod?.ContainingType);
        if (release is not null)
        {
            properties = properties.Add(DiagnosticPropertyNames.ReleaseCandidate, release);
        }

        sink.Report(other.Certainty, access.MemberReference, claim, properties, access.Text, Verb(access.Access), liveText, claim.Name, claim.LineText);
    }

    /// <summary><paramref name="member"/> of the object <paramref name="access"/> uses, as source would write it (<see cref="MemberTexts"/>).</summary>
    private static string MemberText(OverlayAccessEvent access, string member) => access.MemberReference switch
    {
        Microsoft.CodeAnalysis.Operations.IPropertyReferenceOperation { Instance: { IsImplicit: false } instance } => MemberTexts.Of(instance.Syntax, member),
        Microsoft.CodeAnalysis.Operations.IFieldReferenceOperation { Instance: { IsImplicit: false } instance } => MemberTexts.Of(instance.Syntax, member),
        // page?.RcuHead: the object is the expression before the ?, which the graph reads through a capture.
        Microsoft.CodeAnalysis.Operations.IPropertyReferenceOperation or Microsoft.CodeAnalysis.Operations.IFieldReferenceOperation =>
            MemberTexts.ConditionalObjectOf(access.MemberReference.Syntax) is { } owner ? MemberTexts.Of(owner, member) : member,
        // A callee's access to a member of its argument (Queue(page)) is reported at the argument: the object itself,
        // named as the message names the accessed member (a local function's access to a captured page, reported at
        // the call Q(), is 'page.RcuHead': its live member is 'page.Lru', not 'Q().Lru').
        var owner => OwnerOfText(access) is { } named ? named + "." + member : MemberTexts.Of(owner.Syntax, member),
    };

    /// <summary>The object part of the accessed member's text (<c>page</c> of <c>page.RcuHead</c>), or null.</summary>
    private static string? OwnerOfText(OverlayAccessEvent access)
    {
        var text = access.Text;
        var name = access.Member.Name;
        return text.Length > name.Length + 1 && text.EndsWith("." + name, System.StringComparison.Ordinal)
            ? text.Substring(0, text.Length - name.Length - 1)
            : null;
    }

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };

    private static string Verb(OverlayAccess access) => access switch
    {
        OverlayAccess.Claim => "claimed",
        OverlayAccess.Release => "released",
        OverlayAccess.Write => "written",
        _ => "read",
    };

    private static string AccessName(OverlayAccess access) => access switch
    {
        OverlayAccess.Claim => DiagnosticPropertyValues.AccessClaim,
        OverlayAccess.Release => DiagnosticPropertyValues.AccessRelease,
        OverlayAccess.Write => DiagnosticPropertyValues.AccessWrite,
        _ => DiagnosticPropertyValues.AccessRead,
    };
}
