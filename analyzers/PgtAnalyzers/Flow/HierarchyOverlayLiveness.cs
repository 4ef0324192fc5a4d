using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Overlay memberships that outlive a method (annotations.md, Contract v2, point 3): within a type hierarchy,
/// a member that some method leaves claimed when it returns and some method releases (a page left on a list
/// through <c>lru</c>) may be live whenever a method of that hierarchy receives an object of the member's
/// type. A claim nothing in the hierarchy releases (<c>rcu_head</c> given to <c>call_rcu</c>) does not count.
/// One instance per compilation (<see cref="AnalysisCache.HierarchyOf"/>); each hierarchy's methods are
/// analysed once, lazily, the first time a body of it receives such an object.
/// </summary>
internal sealed class HierarchyOverlayLiveness
{
    private readonly Compilation _compilation;
    private readonly ContractIndex _contracts;
    private readonly ConcurrentDictionary<BodyWorkspace.SeedRequest, System.Lazy<ImmutableArray<PersistentMember>>> _byRequest = new();
    private readonly MethodSummaries _summaries;
    private readonly System.Lazy<ImmutableArray<INamedTypeSymbol>> _sourceTypes;
    private readonly ConcurrentDictionary<SyntaxNode, MethodContribution> _contributions = new();

    public HierarchyOverlayLiveness(Compilation compilation, ContractIndex contracts, MethodSummaries summaries)
    {
        _compilation = compilation;
        _contracts = contracts;
        _summaries = summaries;
        _sourceTypes = new System.Lazy<ImmutableArray<INamedTypeSymbol>>(() => SourceTypes(compilation.Assembly.GlobalNamespace), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The memberships of the request's owner type that may be live on entry to any method of the request's
    /// hierarchy, in a stable order.
    /// </summary>
    public ImmutableArray<PersistentMember> Of(BodyWorkspace.SeedRequest request, CancellationToken cancellationToken)
    {
        if (request.Hierarchy is null)
        {
            return ImmutableArray<PersistentMember>.Empty;
        }

        while (true)
        {
            var lazy = _byRequest.GetOrAdd(request, r => new System.Lazy<ImmutableArray<PersistentMember>>(() => Compute(r.Hierarchy!, r.Owner, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch (System.OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Computed under another request's token, which was cancelled: forget it and compute again.
                ((ICollection<KeyValuePair<BodyWorkspace.SeedRequest, System.Lazy<ImmutableArray<PersistentMember>>>>)_byRequest).Remove(
                    new KeyValuePair<BodyWorkspace.SeedRequest, System.Lazy<ImmutableArray<PersistentMember>>>(request, lazy));
            }
        }
    }

    private ImmutableArray<PersistentMember> Compute(INamedTypeSymbol type, ITypeSymbol owner, CancellationToken cancellationToken)
    {
        // Every method counts, one that lists a page only through a helper given the whole page included. Those
        // the driver already handed a rule are read as remembered (FlowRuleAnalyzer makes a declaration that
        // needs this wait for its document's end), so only methods of other documents are bound here.
        var claimedAtExit = new Dictionary<ISymbol, PersistentMember>(SymbolEqualityComparer.Default);
        var released = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var method in MethodsOf(Hierarchy(type)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            AnalyseMethod(method, claimedAtExit, released, cancellationToken);
        }

        return claimedAtExit.Values
            .Where(p => released.Contains(p.Member) && IsOrDerivesFrom(owner, p.Member.ContainingType))
            .OrderBy(p => p.Blame.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(p => p.Blame.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The type, its base types and the types derived from it, all declared in source.</summary>
    private IEnumerable<INamedTypeSymbol> Hierarchy(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _compilation.Assembly); current = current.BaseType)
        {
            yield return current;
        }

        // Nothing derives from a sealed or static class or a struct: no need to list the compilation's types.
        if (type.IsSealed || type.IsStatic || type.TypeKind != TypeKind.Class)
        {
            yield break;
        }

        foreach (var candidate in _sourceTypes.Value)
        {
            if (!SymbolEqualityComparer.Default.Equals(candidate, type) && DerivesFrom(candidate, type))
            {
                yield return candidate;
            }
        }
    }

    /// <summary>An object of <paramref name="owner"/> has the members <paramref name="declaring"/> declares.</summary>
    private static bool IsOrDerivesFrom(ITypeSymbol owner, INamedTypeSymbol declaring)
    {
        for (var current = owner; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, declaring.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol candidate, INamedTypeSymbol type)
    {
        for (var current = candidate.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, type))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<IMethodSymbol> MethodsOf(IEnumerable<INamedTypeSymbol> types) =>
        types.SelectMany(t => t.GetMembers()).OfType<IMethodSymbol>().Where(m => !m.IsAbstract && m.DeclaringSyntaxReferences.Length > 0);

    /// <summary>
    /// Remembers what one method contributes, from the root the driver handed a rule: the hierarchy pass then
    /// reads that method without binding it again (binding another method early is charged to the analyzer
    /// and is work the driver would otherwise do itself). The contribution is the one <see cref="Analyse"/>
    /// would compute, so when a method is met makes no difference.
    /// </summary>
    /// <param name="unseeded">The root's unseeded analysis; needed, and then not null, only when the scan touches an overlay.</param>
    public void Remember(IMethodSymbol method, IOperation root, PreFilterScan scan, System.Func<RootAnalysis>? unseeded)
    {
        if (root is IMethodBodyOperation or IConstructorBodyOperation && root.Syntax is { } syntax && !_contributions.ContainsKey(syntax))
        {
            _contributions.TryAdd(syntax, scan.TouchesOverlay && unseeded is not null ? ContributionOf(method, unseeded()) : MethodContribution.None);
        }
    }

    /// <summary>
    /// One method's contribution, from its unseeded analysis (<see cref="AnalysisCache.UnseededAnalysisOf"/>,
    /// the one the rules themselves use when nothing is seeded, so no recursion and no second analysis):
    /// which members it may leave claimed on return, and which it releases. A body over the budget
    /// contributes nothing.
    /// </summary>
    private void AnalyseMethod(IMethodSymbol method, Dictionary<ISymbol, PersistentMember> claimedAtExit, HashSet<ISymbol> released, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                // Declared in a referenced compilation: known through its attributes only.
                continue;
            }

            var syntax = reference.GetSyntax(cancellationToken);
            var contribution = _contributions.TryGetValue(syntax, out var known) ? known : Analyse(method, syntax, cancellationToken);
            released.UnionWith(contribution.Released);
            foreach (var candidate in contribution.ClaimedAtExit)
            {
                if (!claimedAtExit.TryGetValue(candidate.Member, out var existing) || Earlier(candidate, existing))
                {
                    claimedAtExit[candidate.Member] = candidate;
                }
            }
        }
    }

    private MethodContribution Analyse(IMethodSymbol method, SyntaxNode syntax, CancellationToken cancellationToken)
    {
#pragma warning disable RS1030 // Another method's body, in another document maybe: the driver's caching provider, when present, hands back its own model.
        var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        var operation = model.GetOperation(syntax, cancellationToken);
        System.Func<ControlFlowGraph>? graph = operation switch
        {
            IMethodBodyOperation body => () => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation constructor => () => ControlFlowGraph.Create(constructor, cancellationToken),
            _ => null,
        };
        if (graph is null || !PreFilterScan.Of(new[] { operation! }, method, _contracts, _summaries, AnalysisBudget.MaxSummaryDepth, cancellationToken).TouchesOverlay)
        {
            return MethodContribution.None;
        }

        var analysis = AnalysisCache.UnseededAnalysisOf(operation!, () => RootAnalysis.Run(graph, method, _contracts, hierarchy: null, _summaries, cancellationToken), cancellationToken);
        var contribution = ContributionOf(method, analysis);
        _contributions.TryAdd(syntax, contribution);
        return contribution;
    }

    private static MethodContribution ContributionOf(IMethodSymbol method, RootAnalysis analysis)
    {
        var root = analysis.Bodies[0];
        if (root.GaveUp is not null)
        {
            return MethodContribution.None;
        }

        var released = root.Events.OfType<OverlayAccessEvent>()
            .Where(access => access.Access == OverlayAccess.Release)
            .Select(access => access.Member.OriginalDefinition)
            .ToImmutableArray();
        var claimed = root.LiveAtExit
            .OrderBy(p => p.Value.Claim.Location.SourceSpan.Start)
            .Select(pair =>
            {
                var claim = pair.Value.Claim;
                var blame = new EarlierCall(EarlierCall.DisplayName(method), claim.Location, claim.Text, method);
                return new PersistentMember(pair.Key.Member.OriginalDefinition, pair.Key.Group, blame);
            })
            .ToImmutableArray();
        return new MethodContribution(released, claimed);
    }

    private static bool Earlier(PersistentMember a, PersistentMember b)
    {
        var byFile = string.CompareOrdinal(a.Blame.Location.SourceTree?.FilePath, b.Blame.Location.SourceTree?.FilePath);
        return byFile != 0 ? byFile < 0 : a.Blame.Location.SourceSpan.Start < b.Blame.Location.SourceSpan.Start;
    }

    private static ImmutableArray<INamedTypeSymbol> SourceTypes(INamespaceSymbol root)
    {
        var found = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next is INamespaceSymbol ns)
            {
                foreach (var nested in ns.GetNamespaceMembers())
                {
                    pending.Push(nested);
                }
            }

            // Types only: asking a type for all its members would build every method symbol of the compilation.
            foreach (var type in next.GetTypeMembers())
            {
                if (type.TypeKind is TypeKind.Class or TypeKind.Struct)
                {
                    found.Add(type);
                    pending.Push(type);
                }
            }
        }

        return found.ToImmutable();
    }

    /// <summary>What one method body tells the hierarchy: the members it releases and those it may leave claimed.</summary>
    private sealed class MethodContribution
    {
        public static readonly MethodContribution None = new(ImmutableArray<ISymbol>.Empty, ImmutableArray<PersistentMember>.Empty);

        public MethodContribution(ImmutableArray<ISymbol> released, ImmutableArray<PersistentMember> claimedAtExit)
        {
            Released = released;
            ClaimedAtExit = claimedAtExit;
        }

        public ImmutableArray<ISymbol> Released { get; }

        public ImmutableArray<PersistentMember> ClaimedAtExit { get; }
    }
}
