using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The base of every rule: registers one operation-block action per compilation (attributes resolved once
/// in the compilation-start action; no compilation-end action, so the rules run live in an editor),
/// pre-filters bodies, gets the flow analysis of each body and its lambdas and local functions, and
/// reports what the rule's hooks found. A rule overrides the hooks it needs: the engine hands them the facts
/// at each relevant use (<see cref="WriteEvent"/>, <see cref="DeferredFreeEvent"/>, <see cref="OverlayAccessEvent"/>,
/// <see cref="MmArgumentEvent"/>) of its final pass only, and never reports by itself. The analysis does not
/// depend on the rule, so the four rules share one per body (<see cref="AnalysisCache"/>, <see cref="RootAnalysis"/>):
/// the first rule whose pre-filter a body passes runs it, and each such rule replays its events to its hooks.
/// </summary>
public abstract class FlowRuleAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's certain form (PGT00x).</summary>
    internal abstract DiagnosticDescriptor OnAllPaths { get; }

    /// <summary>The rule's "on some paths" twin (PGT1xx).</summary>
    internal abstract DiagnosticDescriptor OnSomePaths { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(OnAllPaths, OnSomePaths);

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var contracts = AnalysisCache.ContractsOf(start.Compilation);
            if (contracts is not null)
            {
                var methodGroups = NeedsNoMmContext ? new MethodGroupArguments() : null;

                // A declaration that needs its hierarchy's cross-method liveness waits for the end of its
                // document, when the driver has bound the other methods there and the hierarchy pass reads
                // them as analysed rather than binding them again (Contract v2, point 3).
                var waiting = new WaitingDeclarations();
                start.RegisterOperationBlockAction(block => Guarded(() => AnalyzeBlock(block, contracts, methodGroups, waiting)));
                start.RegisterSemanticModelAction(document => Guarded(() => ReportWaiting(document, contracts, waiting)));
            }
        });
    }

    /// <summary>True for rules that need to know whether a body runs without an mm (only PGT003).</summary>
    internal virtual bool NeedsNoMmContext => false;

    private int _bodiesAnalysed;

    /// <summary>
    /// For tests only: flow-analyse every body, even one the pre-filter would skip, so the engine can be run
    /// over large bodies of real code. Reports a superset of the normal run. Set before the analyzer runs.
    /// </summary>
    internal bool AnalyzeEveryBody { get; set; }

    /// <summary>
    /// Bodies passing this rule's pre-filter whose analysis stopped because they were over the
    /// <see cref="AnalysisBudget"/> (counted in every rule they are relevant to, though analysed once).
    /// </summary>
    public GiveUpCounters GiveUps { get; } = new();

    /// <summary>
    /// Bodies (methods, lambdas, local functions) passing this rule's pre-filter that were flow-analysed to the
    /// end and replayed to this rule (counted per rule, though analysed once): with
    /// <see cref="GiveUps"/>, what a host needs to tell "clean" from "skipped by the pre-filter or the budget".
    /// </summary>
    public int BodiesAnalysed => System.Threading.Volatile.Read(ref _bodiesAnalysed);

    /// <summary>The pre-filter: whether a body touches anything this rule can report on.</summary>
    internal abstract bool IsRelevant(PreFilterScan scan);

    internal virtual void OnWrite(WriteEvent write, FindingSink sink)
    {
    }

    internal virtual void OnDeferredFree(DeferredFreeEvent deferredFree, FindingSink sink)
    {
    }

    internal virtual void OnOverlayAccess(OverlayAccessEvent access, FindingSink sink)
    {
    }

    internal virtual void OnMmArgument(MmArgumentEvent argument, FindingSink sink)
    {
    }

    private void Guarded(System.Action analyze)
    {
        try
        {
            analyze();
        }
        catch (System.InsufficientExecutionStackException)
        {
            // Roslyn ran short of stack while the pre-filter walked the operations: a cost cap, counted.
            GiveUps.Add(GiveUpReason.StackExhausted);
        }
#if !DEBUG
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Last line of defence in shipped builds: a body the engine cannot handle gets no diagnostics
            // rather than an AD0001 that fails a TreatWarningsAsErrors build. Debug builds (the tests) let
            // the exception surface so such bodies are found and fixed.
            GiveUps.Add(GiveUpReason.InternalError);
        }
#endif
    }

    private void AnalyzeBlock(OperationBlockAnalysisContext context, ContractIndex contracts, MethodGroupArguments? methodGroups, WaitingDeclarations waiting)
    {
        var blocks = context.OperationBlocks;
        var compilation = context.Compilation;
        var cancellationToken = context.CancellationToken;
        var summaries = AnalysisCache.SummariesOf(compilation, contracts);
        var scan = AnalysisCache.ScanOf(blocks, context.OwningSymbol, contracts, summaries, cancellationToken);
        var method = context.OwningSymbol as IMethodSymbol;
        var relevant = IsRelevant(scan) || AnalyzeEveryBody;
        if (!relevant && !scan.TouchesOverlay)
        {
            // The usual body: nothing to report, and nothing for its hierarchy but "contributes nothing". Told
            // without building graphs or closures, since every rule meets every body of the compilation.
            if (method is not null)
            {
                var known = AnalysisCache.HierarchyOf(compilation, contracts);
                foreach (var block in blocks)
                {
                    if (ExecutableRootOf(block) is { } root)
                    {
                        known.Remember(method, root, scan, unseeded: null);
                    }
                }
            }

            return;
        }

        AnalyzeRelevantBlock(context, contracts, methodGroups, waiting, scan, relevant);
    }

    /// <summary>A declaration some rule reports on, or whose hierarchy needs its overlay memberships.</summary>
    private void AnalyzeRelevantBlock(OperationBlockAnalysisContext context, ContractIndex contracts, MethodGroupArguments? methodGroups, WaitingDeclarations waiting, PreFilterScan scan, bool relevant)
    {
        var blocks = context.OperationBlocks;
        var compilation = context.Compilation;
        var cancellationToken = context.CancellationToken;
        var summaries = AnalysisCache.SummariesOf(compilation, contracts);
        var method = context.OwningSymbol as IMethodSymbol;
        var roots = new List<ExecutableBody>();
        var seenRoots = new HashSet<IOperation>();
        foreach (var block in blocks)
        {
            if (ExecutableRoot(block, seenRoots) is { } root)
            {
                var graph = GraphOf(context, block);
                roots.Add(new ExecutableBody(root, graph, block.SemanticModel!));
            }
        }

        var hierarchy = AnalysisCache.HierarchyOf(compilation, contracts);
        if (method is not null)
        {
            // What this method contributes to its hierarchy, told by whichever rule meets it first.
            foreach (var body in roots)
            {
                hierarchy.Remember(method, body.Root, scan, () => UnseededAnalysisOf(body, method, contracts, summaries, cancellationToken));
            }
        }

        if (!relevant)
        {
            return;
        }

        var declaration = new Declaration(roots, method, scan, summaries, methodGroups);
        foreach (var body in roots)
        {
            if (scan.TouchesOverlay && UnseededAnalysisOf(body, method, contracts, summaries, cancellationToken).SeedRequests.Count > 0)
            {
                if (!waiting.TryAdd(body.Root.Syntax.SyntaxTree, declaration))
                {
                    // The document's end has passed (a driver may order them so): report now.
                    Report(declaration, contracts, hierarchy, context.ReportDiagnostic, cancellationToken);
                }

                return;
            }
        }

        Report(declaration, contracts, hierarchy: null, context.ReportDiagnostic, cancellationToken);
    }

    /// <summary>The declarations of a document that waited for its hierarchies, reported once the driver met its every method.</summary>
    private void ReportWaiting(SemanticModelAnalysisContext context, ContractIndex contracts, WaitingDeclarations waiting)
    {
        var hierarchy = AnalysisCache.HierarchyOf(context.SemanticModel.Compilation, contracts);
        foreach (var declaration in waiting.Complete(context.SemanticModel.SyntaxTree))
        {
            Report(declaration, contracts, hierarchy, context.ReportDiagnostic, context.CancellationToken);
        }
    }

    private void Report(Declaration declaration, ContractIndex contracts, HierarchyOverlayLiveness? hierarchy, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        var sink = new FindingSink(OnAllPaths, OnSomePaths);
        var method = declaration.Method;
        foreach (var body in declaration.Roots)
        {
            var analysis = hierarchy is null
                ? UnseededAnalysisOf(body, method, contracts, declaration.Summaries, cancellationToken)
                : AnalysisOf(body, method, declaration.Scan, hierarchy, contracts, declaration.Summaries, cancellationToken);
            var rootNoMm = new RootNoMm(declaration.MethodGroups is null
                ? null
                : () => MethodGroupPassedToNoMm.Find(method, body.SemanticModel, contracts, declaration.MethodGroups, cancellationToken));
            Replay(analysis, rootNoMm, sink);
        }

        foreach (var diagnostic in sink.ToDiagnostics())
        {
            report(diagnostic);
        }
    }

    /// <summary>The driver's graph for a block, built once, so a declaration that waits keeps it after its callback.</summary>
    private static System.Func<Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph> GraphOf(OperationBlockAnalysisContext context, IOperation block)
    {
        Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph? graph = null;
        return () => graph ??= context.GetControlFlowGraph(block);
    }

    private static RootAnalysis UnseededAnalysisOf(ExecutableBody body, IMethodSymbol? method, ContractIndex contracts, MethodSummaries summaries, System.Threading.CancellationToken cancellationToken) =>
        AnalysisCache.UnseededAnalysisOf(body.Root, () => RootAnalysis.Run(body.Graph, method, contracts, hierarchy: null, summaries, cancellationToken), cancellationToken);

    /// <summary>
    /// The root's analysis: unseeded first (shared with the hierarchy pass); seeded with the memberships other
    /// methods of the hierarchy leave live only when some received object has any. Those are read only by
    /// overlay accesses, claims and releases, so a declaration without any (its own or a callee's inferred)
    /// never needs its hierarchy analysed.
    /// </summary>
    private static RootAnalysis AnalysisOf(ExecutableBody body, IMethodSymbol? method, PreFilterScan scan, HierarchyOverlayLiveness hierarchy, ContractIndex contracts, MethodSummaries summaries, System.Threading.CancellationToken cancellationToken)
    {
        var unseeded = UnseededAnalysisOf(body, method, contracts, summaries, cancellationToken);
        if (!scan.TouchesOverlay || unseeded.SeedRequests.Count == 0)
        {
            return unseeded;
        }

        foreach (var request in unseeded.SeedRequests)
        {
            if (!hierarchy.Of(request, cancellationToken).IsEmpty)
            {
                return AnalysisCache.AnalysisOf(body.Root, () => RootAnalysis.Run(body.Graph, method, contracts, hierarchy, summaries, cancellationToken), cancellationToken);
            }
        }

        return unseeded;
    }

    /// <summary>
    /// Hands each completed body's events to this rule's hooks, body by body as the analysis ran; a body
    /// given up on is counted in this rule's <see cref="GiveUps"/>, so the counters stay per rule, as if the
    /// rule had analysed the body alone.
    /// </summary>
    private void Replay(RootAnalysis analysis, RootNoMm rootNoMm, FindingSink sink)
    {
        foreach (var analysed in analysis.Bodies)
        {
            if (analysed.GaveUp is { } reason)
            {
                GiveUps.Add(reason);
                continue;
            }

            var bodySink = new FindingSink(OnAllPaths, OnSomePaths);
            foreach (var recorded in analysed.Events)
            {
                switch (recorded)
                {
                    case WriteEvent write:
                        OnWrite(write, bodySink);
                        break;
                    case DeferredFreeEvent deferredFree:
                        OnDeferredFree(deferredFree, bodySink);
                        break;
                    case OverlayAccessEvent access:
                        OnOverlayAccess(access, bodySink);
                        break;
                    case MmArgumentEvent argument:
                        OnMmArgument(NeedsNoMmContext ? argument.WithNoMm(NoMmOf(analysed, rootNoMm)) : argument, bodySink);
                        break;
                }
            }

            foreach (var summaryGaveUp in analysed.SummariesGaveUp)
            {
                GiveUps.Add(summaryGaveUp);
            }

            sink.MergeFrom(bodySink);
            System.Threading.Interlocked.Increment(ref _bodiesAnalysed);
        }
    }

    /// <summary>The body's own context first, then the enclosing bodies', out to the root's.</summary>
    private static NoMmContext? NoMmOf(BodyResult body, RootNoMm rootNoMm)
    {
        for (var current = body; ; current = current.Enclosing)
        {
            if (current.DeclaredNoMm is { } declared)
            {
                return declared;
            }

            if (current.Enclosing is null)
            {
                return rootNoMm.Found;
            }
        }
    }

    /// <summary>
    /// The root of an executable body, once each (null otherwise): attribute arguments and parameter
    /// defaults have nothing to track.
    /// </summary>
    private static IOperation? ExecutableRoot(IOperation block, HashSet<IOperation> seenRoots) =>
        ExecutableRootOf(block) is { } root && seenRoots.Add(root) ? root : null;

    /// <summary>The executable root a block belongs to, or null.</summary>
    private static IOperation? ExecutableRootOf(IOperation block)
    {
        var root = block;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var executable = root is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation
            or IFieldInitializerOperation or IPropertyInitializerOperation;
        return executable && block.SemanticModel is not null ? root : null;
    }

    /// <summary>
    /// For the outermost body of one root: a method group of it passed to a <c>[NoMm]</c> parameter elsewhere
    /// in the document. Looked up only by a rule that needs it, once, and only when an mm argument is met.
    /// </summary>
    private sealed class RootNoMm
    {
        private readonly System.Func<NoMmContext?>? _find;
        private NoMmContext? _found;
        private bool _searched;

        public RootNoMm(System.Func<NoMmContext?>? find)
        {
            _find = find;
        }

        public NoMmContext? Found
        {
            get
            {
                if (!_searched)
                {
                    _found = _find?.Invoke();
                    _searched = true;
                }

                return _found;
            }
        }
    }

    /// <summary>One executable root of a declaration, with what analysing it later needs.</summary>
    private sealed class ExecutableBody
    {
        public ExecutableBody(IOperation root, System.Func<Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph> graph, SemanticModel semanticModel)
        {
            Root = root;
            Graph = graph;
            SemanticModel = semanticModel;
        }

        public IOperation Root { get; }

        public System.Func<Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph> Graph { get; }

        public SemanticModel SemanticModel { get; }
    }

    /// <summary>A declaration passing the rule's pre-filter: its roots and what its analysis was given.</summary>
    private sealed class Declaration
    {
        public Declaration(IReadOnlyList<ExecutableBody> roots, IMethodSymbol? method, PreFilterScan scan, MethodSummaries summaries, MethodGroupArguments? methodGroups)
        {
            Roots = roots;
            Method = method;
            Scan = scan;
            Summaries = summaries;
            MethodGroups = methodGroups;
        }

        public IReadOnlyList<ExecutableBody> Roots { get; }

        public IMethodSymbol? Method { get; }

        public PreFilterScan Scan { get; }

        public MethodSummaries Summaries { get; }

        public MethodGroupArguments? MethodGroups { get; }
    }

    /// <summary>
    /// Per document, the declarations waiting for its end, and whether it has passed. The driver may call a
    /// document's blocks concurrently, and in any order with its end: whichever comes last reports.
    /// </summary>
    private sealed class WaitingDeclarations
    {
        private readonly Dictionary<SyntaxTree, List<Declaration>?> _byTree = new();

        /// <summary>False when the document's end has passed: then the caller reports at once.</summary>
        public bool TryAdd(SyntaxTree tree, Declaration declaration)
        {
            lock (_byTree)
            {
                if (_byTree.TryGetValue(tree, out var waiting) && waiting is null)
                {
                    return false;
                }

                if (waiting is null)
                {
                    waiting = new List<Declaration>();
                    _byTree[tree] = waiting;
                }

                waiting.Add(declaration);
                return true;
            }
        }

        /// <summary>Marks the document's end as passed and hands back what waited for it.</summary>
        public IReadOnlyList<Declaration> Complete(SyntaxTree tree)
        {
            lock (_byTree)
            {
                _byTree.TryGetValue(tree, out var waiting);
                _byTree[tree] = null;
                return waiting ?? (IReadOnlyList<Declaration>)System.Array.Empty<Declaration>();
            }
        }
    }
}
