using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Annotations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The base of every rule: registers one operation-block action per compilation (attributes resolved once
/// in the compilation-start action; no compilation-end action, so the rules run live in an editor),
/// pre-filters bodies, runs the flow analysis over each body and its lambdas and local functions, and
/// reports what the rule's hooks found. A rule overrides the hooks it needs: the engine hands them the facts
/// at each relevant use (<see cref="WriteEvent"/>, <see cref="DeferredFreeEvent"/>, <see cref="OverlayAccessEvent"/>,
/// <see cref="MmArgumentEvent"/>) in its final pass only, and never reports by itself.
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
            var contracts = ContractIndex.TryCreate(start.Compilation);
            if (contracts is not null)
            {
                var methodGroups = NeedsNoMmContext ? new MethodGroupArguments() : null;
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, contracts, methodGroups));
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

    /// <summary>Bodies this analyzer instance stopped analysing because they were over the <see cref="AnalysisBudget"/>.</summary>
    public GiveUpCounters GiveUps { get; } = new();

    /// <summary>
    /// Bodies (methods, lambdas, local functions) this analyzer instance flow-analysed to the end: with
    /// <see cref="GiveUps"/>, what a host needs to tell "clean" from "skipped by the pre-filter or the budget".
    /// </summary>
    public int BodiesAnalysed => System.Threading.Volatile.Read(ref _bodiesAnalysed);

    /// <summary>The pre-filter: whether a body touches anything this rule can report on.</summary>
    internal abstract bool IsRelevant(BodyScan scan);

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

    private void AnalyzeBlock(OperationBlockAnalysisContext context, ContractIndex contracts, MethodGroupArguments? methodGroups)
    {
        try
        {
            AnalyzeBlockUnguarded(context, contracts, methodGroups);
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

    private void AnalyzeBlockUnguarded(OperationBlockAnalysisContext context, ContractIndex contracts, MethodGroupArguments? methodGroups)
    {
        if (!IsRelevant(BodyScan.Of(context.OperationBlocks, context.OwningSymbol, contracts)) && !AnalyzeEveryBody)
        {
            return;
        }

        var sink = new FindingSink(OnAllPaths, OnSomePaths);
        var seenRoots = new HashSet<IOperation>();
        var method = context.OwningSymbol as IMethodSymbol;
        foreach (var block in context.OperationBlocks)
        {
            if (!IsExecutableRoot(block, seenRoots))
            {
                continue;
            }

            var noMm = methodGroups is not null
                ? OwnNoMm(method, contracts) ?? MethodGroupPassedToNoMm.Find(method, block.SemanticModel!, contracts, methodGroups, context.CancellationToken)
                : null;
            AnalyzeBodies(new PendingBody(() => context.GetControlFlowGraph(block), method, noMm, enclosing: null), sink, contracts, context.CancellationToken);
        }

        foreach (var diagnostic in sink.ToDiagnostics())
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>Only executable bodies, once each: attribute arguments and parameter defaults have nothing to track.</summary>
    private static bool IsExecutableRoot(IOperation block, HashSet<IOperation> seenRoots)
    {
        var root = block;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var executable = root is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation
            or IFieldInitializerOperation or IPropertyInitializerOperation;
        return executable && block.SemanticModel is not null && seenRoots.Add(root);
    }

    /// <summary>
    /// Analyses a body and then, depth first, the lambdas and local functions in it, each as its own body.
    /// An explicit stack, not recursion: lambdas nest as deep as the input does. A body over the budget is
    /// counted and skipped with everything nested in it; its findings are dropped, its siblings' kept.
    /// </summary>
    private void AnalyzeBodies(PendingBody first, FindingSink sink, ContractIndex contracts, System.Threading.CancellationToken cancellationToken)
    {
        var pending = new Stack<PendingBody>();
        pending.Push(first);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = pending.Pop();
            var bodySink = new FindingSink(OnAllPaths, OnSomePaths);
            try
            {
                var graph = next.Graph();
                var body = new BodyContext(this, bodySink, contracts, next.Method, next.NoMm ?? NestedNoMm(next.Method, next.Enclosing, contracts));
                new BodyAnalysis(graph, body).Run(EntryState(body));
                sink.MergeFrom(bodySink);
                System.Threading.Interlocked.Increment(ref _bodiesAnalysed);

                // Pushed in reverse so they are analysed in source order: lambdas, then local functions.
                for (var i = graph.LocalFunctions.Length - 1; i >= 0; i--)
                {
                    var local = graph.LocalFunctions[i];
                    pending.Push(new PendingBody(() => graph.GetLocalFunctionControlFlowGraph(local, cancellationToken), local, null, body));
                }

                for (var i = body.Lambdas.Count - 1; i >= 0; i--)
                {
                    var lambda = body.Lambdas[i];
                    pending.Push(new PendingBody(() => graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), lambda.Symbol, null, body));
                }
            }
            catch (AnalysisGaveUpException gaveUp)
            {
                GiveUps.Add(gaveUp.Reason);
            }
            catch (System.InsufficientExecutionStackException)
            {
                GiveUps.Add(GiveUpReason.StackExhausted);
            }
        }
    }

    /// <summary>
    /// Parameters start as themselves; a <c>[RequiresMm]</c> parameter is a legal mm; a <c>[DeferredFree]</c>
    /// parameter is read-only from the start (its own contract hands it over).
    /// </summary>
    private static FlowState EntryState(BodyContext body)
    {
        var values = body.Values;
        var contracts = body.Contracts;
        var state = new FlowState(body.Slots, key => key is IParameterSymbol parameter
            ? ValueSet.Of(values.Parameter(parameter, (contracts.Of(parameter) & ParameterContract.RequiresMm) != 0))
            : ValueSet.Unknown);
        if (body.Method is null)
        {
            return state;
        }

        foreach (var parameter in body.Method.Parameters)
        {
            var id = values.Parameter(parameter, (contracts.Of(parameter) & ParameterContract.RequiresMm) != 0);
            state.Bind(parameter, ValueSet.Of(id));
            if ((contracts.Of(parameter) & ParameterContract.DeferredFree) != 0 && parameter.Locations.Length > 0)
            {
                var declaration = parameter.DeclaringSyntaxReferences.Length > 0
                    ? parameter.DeclaringSyntaxReferences[0].GetSyntax(System.Threading.CancellationToken.None).ToString()
                    : parameter.Name;
                var origin = new EarlierCall(body.Method.Name, parameter.Locations[0], declaration, body.Method);
                state.Deferred[id] = new DeferredFact(Certainty.OnAllPaths, origin, byOwnContract: true);
            }
        }

        return state;
    }

    private static NoMmContext? OwnNoMm(IMethodSymbol? method, ContractIndex contracts)
    {
        if (method is null || !contracts.IsNoMm(method) || method.Locations.Length == 0)
        {
            return null;
        }

        var name = method.MethodKind == MethodKind.AnonymousFunction ? "the lambda" : method.Name;
        var origin = new EarlierCall(name, method.Locations[0], name, method);
        return new NoMmContext(origin, $"'{name}' is marked [NoMm] on line {origin.Line}: there is no mm there");
    }

    /// <summary>Own <c>[NoMm]</c> first, then being passed to a <c>[NoMm]</c> parameter, then the enclosing body's.</summary>
    private static NoMmContext? NestedNoMm(IMethodSymbol? nested, BodyContext? enclosing, ContractIndex contracts) =>
        nested is null || enclosing is null
            ? null
            : OwnNoMm(nested, contracts)
              ?? (enclosing.PassedToNoMm.TryGetValue(nested.OriginalDefinition, out var passed) ? passed : null)
              ?? enclosing.NoMm;

    /// <summary>A body waiting to be analysed: how to get its graph, and what it inherits from the body around it.</summary>
    private sealed class PendingBody
    {
        public PendingBody(System.Func<ControlFlowGraph> graph, IMethodSymbol? method, NoMmContext? noMm, BodyContext? enclosing)
        {
            Graph = graph;
            Method = method;
            NoMm = noMm;
            Enclosing = enclosing;
        }

        public System.Func<ControlFlowGraph> Graph { get; }

        public IMethodSymbol? Method { get; }

        /// <summary>Known up front for the outermost body; null for a nested one (worked out from <see cref="Enclosing"/>).</summary>
        public NoMmContext? NoMm { get; }

        public BodyContext? Enclosing { get; }
    }
}
