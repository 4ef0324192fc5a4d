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
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, contracts));
            }
        });
    }

    /// <summary>True for rules that need to know whether a body runs without an mm (only PGT003).</summary>
    internal virtual bool NeedsNoMmContext => false;

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

    private void AnalyzeBlock(OperationBlockAnalysisContext context, ContractIndex contracts)
    {
#if DEBUG
        AnalyzeBlockUnguarded(context, contracts);
#else
        try
        {
            AnalyzeBlockUnguarded(context, contracts);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Last line of defence in shipped builds: a body the engine cannot handle gets no diagnostics
            // rather than an AD0001 that fails a TreatWarningsAsErrors build. Debug builds (the tests) let
            // the exception surface so such bodies are found and fixed.
        }
#endif
    }

    private void AnalyzeBlockUnguarded(OperationBlockAnalysisContext context, ContractIndex contracts)
    {
        if (!IsRelevant(BodyScan.Of(context.OperationBlocks, context.OwningSymbol, contracts)))
        {
            return;
        }

        var sink = new FindingSink(OnAllPaths, OnSomePaths);
        var seenRoots = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            var graph = GraphOf(block, context, seenRoots);
            if (graph is not null)
            {
                var method = context.OwningSymbol as IMethodSymbol;
                var noMm = NeedsNoMmContext
                    ? OwnNoMm(method, contracts) ?? MethodGroupPassedToNoMm.Find(method, block.SemanticModel!, contracts, context.CancellationToken)
                    : null;
                AnalyzeBody(graph, method, noMm, sink, contracts, context);
            }
        }

        foreach (var diagnostic in sink.ToDiagnostics())
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private static ControlFlowGraph? GraphOf(IOperation block, OperationBlockAnalysisContext context, HashSet<IOperation> seenRoots)
    {
        var root = block;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        // Only executable bodies, once each: attribute arguments and parameter defaults have nothing to track.
        var executable = root is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation
            or IFieldInitializerOperation or IPropertyInitializerOperation;
        if (!executable || block.SemanticModel is null || !seenRoots.Add(root))
        {
            return null;
        }

        return context.GetControlFlowGraph(block);
    }

    private void AnalyzeBody(
        ControlFlowGraph graph, IMethodSymbol? method, NoMmContext? noMm, FindingSink sink, ContractIndex contracts, OperationBlockAnalysisContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var body = new BodyContext(this, sink, contracts, method, noMm);
        var entry = EntryState(body);
        if (!new BodyAnalysis(graph, body).Run(entry))
        {
            return;
        }

        foreach (var lambda in body.Lambdas)
        {
            var nested = graph.GetAnonymousFunctionControlFlowGraph(lambda, context.CancellationToken);
            AnalyzeBody(nested, lambda.Symbol, NestedNoMm(lambda.Symbol, body, contracts), sink, contracts, context);
        }

        foreach (var local in graph.LocalFunctions)
        {
            var nested = graph.GetLocalFunctionControlFlowGraph(local, context.CancellationToken);
            AnalyzeBody(nested, local, NestedNoMm(local, body, contracts), sink, contracts, context);
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
        var state = new FlowState(key => key is IParameterSymbol parameter
            ? ValueSet.Of(values.Parameter(parameter, (contracts.Of(parameter) & ParameterContract.RequiresMm) != 0))
            : ValueSet.Unknown);
        if (body.Method is null)
        {
            return state;
        }

        foreach (var parameter in body.Method.Parameters)
        {
            var id = values.Parameter(parameter, (contracts.Of(parameter) & ParameterContract.RequiresMm) != 0);
            state.Bindings[parameter] = ValueSet.Of(id);
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
    private static NoMmContext? NestedNoMm(IMethodSymbol nested, BodyContext enclosing, ContractIndex contracts) =>
        OwnNoMm(nested, contracts)
        ?? (enclosing.PassedToNoMm.TryGetValue(nested.OriginalDefinition, out var passed) ? passed : null)
        ?? enclosing.NoMm;
}
