using Microsoft.CodeAnalysis;

namespace PgtAnalyzers;

/// <summary>
/// Every diagnostic the rules report. Each PGT00x is certain (on every path that reaches the use, default
/// Error); its PGT1xx twin holds on some paths only (default Warning), so users can tune them apart.
/// Every message names the earlier call that made the use illegal, with its line, and every diagnostic
/// carries that call's location in <c>AdditionalLocations[0]</c>.
/// </summary>
/// <remarks>
/// <para><b>Diagnostic.Properties</b> (keys in <see cref="DiagnosticPropertyNames"/>), for the code fixes:</para>
/// <list type="bullet">
/// <item>PGT001/PGT101: <c>DeferredCall</c> = source text of the call that handed the value to deferred
/// freeing (<c>PteFreeDefer(mm, table)</c>), or of the <c>[DeferredFree]</c> parameter's declaration;
/// <c>DeferredOrigin</c> = <c>Call</c> | <c>Parameter</c> (the write is inside the method whose own
/// <c>[DeferredFree]</c> parameter it writes; nothing can be moved then); <c>WrittenValue</c> = source text
/// of the expression written through (<c>alias</c>, <c>table.AsListHead()</c>).
/// AdditionalLocations[0] = that call (or parameter).</item>
/// <item>PGT002/PGT102: <c>LiveMember</c> = name of the live overlay member (<c>Lru</c>);
/// <c>LiveMemberExpression</c> = its source text at the claim that made it live (<c>page.Lru</c>);
/// <c>ReleaseCandidate</c> = name of a method with a <c>[Releases]</c> parameter of the live member's type,
/// found beside the claiming method or in the current type (<c>ListDelInit</c>), absent when none was found;
/// <c>OverlayGroup</c> = the group name; <c>Access</c> = <c>Claim</c> | <c>Release</c> | <c>Read</c> |
/// <c>Write</c> (what the reported use does). AdditionalLocations[0] = the claim of the live member.</item>
/// <item>PGT003/PGT103: <c>Reason</c> = <c>Null</c> | <c>NotFromSource</c> | <c>NoMmContext</c>;
/// <c>MmType</c> = the <c>[RequiresMm]</c> parameter's type, minimally qualified (<c>Mm</c>);
/// <c>MmParameter</c> = that parameter's name in the callee; <c>CallerParameter</c> = name of the calling
/// method's own parameter the mm came from when that parameter lacks <c>[RequiresMm]</c> (absent otherwise).
/// AdditionalLocations[0] = where the bad mm came from (the null, the non-source member or call, the
/// parameter) or, for <c>NoMmContext</c>, the <c>[NoMm]</c> declaration or the call that received the lambda.</item>
/// <item>PGT004/PGT104: <c>Kind</c> = <c>DeferredFree</c> | <c>Claim</c>; <c>EarlierCall</c> = source text of
/// the earlier call. AdditionalLocations[0] = that earlier call.</item>
/// </list>
/// </remarks>
public static class Descriptors
{
    public static readonly DiagnosticDescriptor WriteAfterDeferredFree = Create(
        RuleIds.WriteAfterDeferredFree,
        "Write after deferred free",
        "'{0}' is written after it was handed to deferred freeing by '{1}' on line {2}",
        RuleCategories.Lifetime,
        DiagnosticSeverity.Error,
        "A value passed to a [DeferredFree] parameter (pte_free_defer) belongs to the RCU grace period from that call on: neither it nor any alias or view of its memory may be written. Inside the method, a [DeferredFree] parameter is read-only.");

    public static readonly DiagnosticDescriptor WriteAfterDeferredFreeOnSomePaths = Create(
        RuleIds.WriteAfterDeferredFreeOnSomePaths,
        "Write after deferred free on some paths",
        "'{0}' is written after it may have been handed to deferred freeing by '{1}' on line {2} on some paths",
        RuleCategories.Lifetime,
        DiagnosticSeverity.Warning,
        "On some paths that reach this write, the value was already passed to a [DeferredFree] parameter.");

    public static readonly DiagnosticDescriptor UnionOverlayConflict = Create(
        RuleIds.UnionOverlayConflict,
        "Union overlay conflict",
        "'{0}' is {1} while '{2}', which shares its storage, is live since '{3}' on line {4}",
        RuleCategories.Overlay,
        DiagnosticSeverity.Error,
        "Members with the same [Overlay] group share storage, like lru and rcu_head in struct page. While one is live (claimed and not released), claiming, reading or writing another one corrupts it.");

    public static readonly DiagnosticDescriptor UnionOverlayConflictOnSomePaths = Create(
        RuleIds.UnionOverlayConflictOnSomePaths,
        "Union overlay conflict on some paths",
        "'{0}' is {1} while '{2}', which shares its storage, may be live since '{3}' on line {4} on some paths",
        RuleCategories.Overlay,
        DiagnosticSeverity.Warning,
        "On some paths that reach this use, another member of the same overlay group is still live.");

    public static readonly DiagnosticDescriptor MissingMm = Create(
        RuleIds.MissingMm,
        "Missing mm",
        "'{0}' is passed as the mm of '{1}', but {2}",
        RuleCategories.MmContext,
        DiagnosticSeverity.Error,
        "A [RequiresMm] parameter needs a live mm the caller was given: its own [RequiresMm] parameter or an [MmSource]. Null, default, any other mm, and any mm inside a [NoMm] context (an RCU callback, __tlb_remove_table) are violations.");

    public static readonly DiagnosticDescriptor MissingMmOnSomePaths = Create(
        RuleIds.MissingMmOnSomePaths,
        "Missing mm on some paths",
        "'{0}' is passed as the mm of '{1}', but on some paths {2}",
        RuleCategories.MmContext,
        DiagnosticSeverity.Warning,
        "On some paths that reach this call, the mm is null or does not come from a [RequiresMm] parameter or an [MmSource].");

    public static readonly DiagnosticDescriptor DoubleDeferredFree = Create(
        RuleIds.DoubleDeferredFree,
        "Double deferred free",
        "'{0}' is {1} again after '{2}' on line {3}",
        RuleCategories.Lifetime,
        DiagnosticSeverity.Error,
        "The same value is passed to a [DeferredFree] parameter twice, or an overlay member that is already live is claimed again (two fragment buddies queueing one rcu_head with call_rcu).");

    public static readonly DiagnosticDescriptor DoubleDeferredFreeOnSomePaths = Create(
        RuleIds.DoubleDeferredFreeOnSomePaths,
        "Double deferred free on some paths",
        "'{0}' may already have been {1} by '{2}' on line {3} on some paths",
        RuleCategories.Lifetime,
        DiagnosticSeverity.Warning,
        "On some paths that reach this call, the value was already handed to deferred freeing, or the member is already claimed.");

    private static DiagnosticDescriptor Create(
        string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
        new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinks.ForRule(id));
}
