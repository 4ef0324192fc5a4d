using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// What the four rules would otherwise each compute again for the same declaration: its pre-filter scan
/// and the flow analysis of each executable root. Keyed by Roslyn's own operation objects, which the
/// analyzer driver hands to every analyzer of a compilation alike; a key that differs (another request's
/// semantic model) only means computing again. The values are pure functions of their keys, so the caches
/// never change what is reported; the tables are weak, so they live no longer than the operations.
/// These are the analyzers' only statics: analyzer instances have no other way to share work.
/// </summary>
internal static class AnalysisCache
{
    private static readonly ConditionalWeakTable<IOperation, StrongBox<PreFilterScan>> Scans = new();
    private static readonly ConditionalWeakTable<IOperation, Lazy<RootAnalysis>> Roots = new();
    private static readonly ConditionalWeakTable<IOperation, Lazy<RootAnalysis>> UnseededRoots = new();
    private static readonly ConditionalWeakTable<Compilation, HierarchyOverlayLiveness> Hierarchies = new();

    private static readonly ConditionalWeakTable<Compilation, MethodSummaries> Summaries = new();
    private static readonly ConditionalWeakTable<Compilation, StrongBox<Contracts.ContractIndex?>> Indexes = new();

    /// <summary>
    /// The compilation's annotation index, or null when it has none, looked up once for the four rules: the
    /// first lookup of a metadata name reads every referenced assembly's type table.
    /// </summary>
    public static Contracts.ContractIndex? ContractsOf(Compilation compilation) =>
        Indexes.GetValue(compilation, c => new StrongBox<Contracts.ContractIndex?>(Contracts.ContractIndex.TryCreate(c))).Value;

    /// <summary>The compilation's inferred method summaries, shared by every rule and every request on it.</summary>
    public static MethodSummaries SummariesOf(Compilation compilation, Contracts.ContractIndex contracts) =>
        Summaries.GetValue(compilation, c => new MethodSummaries(c, contracts));

    /// <summary>The compilation's cross-method overlay liveness, shared by every rule and every request on it.</summary>
    public static HierarchyOverlayLiveness HierarchyOf(Compilation compilation, Contracts.ContractIndex contracts) =>
        Hierarchies.GetValue(compilation, c => new HierarchyOverlayLiveness(c, contracts, SummariesOf(c, contracts)));

    /// <summary>The scan of a declaration's operation blocks (<see cref="PreFilterScan.Of(IEnumerable{IOperation}, ISymbol, Contracts.ContractIndex, MethodSummaries?, int, CancellationToken)"/>), keyed by the first of them.</summary>
    public static PreFilterScan ScanOf(IReadOnlyList<IOperation> blocks, ISymbol owningSymbol, Contracts.ContractIndex contracts, MethodSummaries summaries, CancellationToken cancellationToken)
    {
        if (blocks.Count > 0 && Scans.TryGetValue(blocks[0], out var cached))
        {
            return cached.Value;
        }

        // Not under a lock: a scan is cheap and a rare race only scans twice. An exception (a short
        // stack) is not cached, so each rule meets it and counts it, as it would scanning alone.
        var computed = PreFilterScan.Of(blocks, owningSymbol, contracts, summaries, AnalysisBudget.MaxSummaryDepth, cancellationToken);
        return blocks.Count == 0 ? computed : Scans.GetValue(blocks[0], _ => new StrongBox<PreFilterScan>(computed)).Value;
    }

    /// <summary>
    /// The analysis of one executable root, computed once by whichever rule asks first (the others wait for
    /// it rather than repeat it). An exception is cached with it and met by every rule, as each would have
    /// met it alone; except a cancellation under another request's token, which is forgotten and retried.
    /// </summary>
    public static RootAnalysis AnalysisOf(IOperation root, Func<RootAnalysis> analyse, CancellationToken cancellationToken) =>
        Once(Roots, root, analyse, cancellationToken);

    /// <summary>
    /// As <see cref="AnalysisOf"/>, without the hierarchy's persistent memberships: what the hierarchy pass
    /// reads of each method, and the rules' analysis too whenever no received object has any (then seeding
    /// would change nothing), so a method is analysed once for both.
    /// </summary>
    public static RootAnalysis UnseededAnalysisOf(IOperation root, Func<RootAnalysis> analyse, CancellationToken cancellationToken) =>
        Once(UnseededRoots, root, analyse, cancellationToken);

    private static RootAnalysis Once(ConditionalWeakTable<IOperation, Lazy<RootAnalysis>> table, IOperation root, Func<RootAnalysis> analyse, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = table.GetValue(root, _ => new Lazy<RootAnalysis>(analyse, LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (table.TryGetValue(root, out var current) && ReferenceEquals(current, lazy))
                {
                    table.Remove(root);
                }
            }
        }
    }
}
