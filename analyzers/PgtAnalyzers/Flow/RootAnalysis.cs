using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The flow analysis of one executable root (a method body, an initializer) and of the lambdas and local
/// functions in it, each as its own body. It does not depend on the rule: the fixpoint only tracks values
/// and the final pass records events, so the four rules share one analysis per root
/// (<see cref="AnalysisCache"/>) and each replays the events to its own hooks.
/// </summary>
internal sealed class RootAnalysis
{
    private RootAnalysis(IReadOnlyList<BodyResult> bodies, IReadOnlyCollection<BodyWorkspace.SeedRequest> seedRequests)
    {
        Bodies = bodies;
        SeedRequests = seedRequests;
    }

    /// <summary>Every (hierarchy, type) pair of a received object met in any body, seeded or not.</summary>
    public IReadOnlyCollection<BodyWorkspace.SeedRequest> SeedRequests { get; }

    /// <summary>The bodies in the order they were analysed: the root, then depth first, in source order.</summary>
    public IReadOnlyList<BodyResult> Bodies { get; }

    /// <summary>
    /// Analyses the root and then, depth first, the bodies nested in it. An explicit stack, not recursion:
    /// lambdas nest as deep as the input does. A body over the budget is recorded as given up and skipped
    /// with everything nested in it; its siblings are still analysed.
    /// </summary>
    public static RootAnalysis Run(Func<ControlFlowGraph> rootGraph, IMethodSymbol? method, ContractIndex contracts, HierarchyOverlayLiveness? hierarchy, MethodSummaries? summaries, CancellationToken cancellationToken)
    {
        var bodies = new List<BodyResult>();
        var seedRequests = new HashSet<BodyWorkspace.SeedRequest>();
        var pending = new Stack<PendingBody>();
        pending.Push(new PendingBody(rootGraph, method, NoMmContext.DeclaredOn(method, contracts), enclosing: null));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = pending.Pop();
            try
            {
                var graph = next.Graph();
                var body = new BodyWorkspace(contracts, next.Method, hierarchy, summaries, AnalysisBudget.MaxSummaryDepth, recordsEffects: false, cancellationToken)
                {
                    SeedRequests = seedRequests,
                };
                var solver = new FixpointSolver(graph, body);
                solver.Run(EntryState(body, graph));
                var liveAtExit = solver.ExitState?.Live.ToList();
                var result = BodyResult.Completed(next.Method, next.Enclosing, next.DeclaredNoMm, body.Events, body.SummariesGaveUp.Values.OrderBy(r => r).ToList(), liveAtExit);
                bodies.Add(result);

                // Pushed in reverse so they are analysed in source order: lambdas, then local functions.
                for (var i = graph.LocalFunctions.Length - 1; i >= 0; i--)
                {
                    var local = graph.LocalFunctions[i];
                    pending.Push(new PendingBody(() => graph.GetLocalFunctionControlFlowGraph(local, cancellationToken), local, DeclaredNoMm(local, body, contracts), result));
                }

                for (var i = body.Lambdas.Count - 1; i >= 0; i--)
                {
                    var lambda = body.Lambdas[i];
                    pending.Push(new PendingBody(() => graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), lambda.Symbol, DeclaredNoMm(lambda.Symbol, body, contracts), result));
                }
            }
            catch (AnalysisGaveUpException gaveUp)
            {
                bodies.Add(BodyResult.GivenUp(gaveUp.Reason));
            }
            catch (InsufficientExecutionStackException)
            {
                bodies.Add(BodyResult.GivenUp(GiveUpReason.StackExhausted));
            }
        }

        return new RootAnalysis(bodies, seedRequests);
    }

    /// <summary>Own <c>[NoMm]</c> first, then being passed to a <c>[NoMm]</c> parameter in the enclosing body.</summary>
    private static NoMmContext? DeclaredNoMm(IMethodSymbol nested, BodyWorkspace enclosing, ContractIndex contracts) =>
        NoMmContext.DeclaredOn(nested, contracts)
        ?? (enclosing.PassedToNoMm.TryGetValue(nested.OriginalDefinition, out var passed) ? passed : null);

    /// <summary>
    /// Parameters, and the enclosing body's locals a nested body captures, start as themselves; a <c>[RequiresMm]</c> parameter is a legal mm; a <c>[DeferredFree]</c>
    /// parameter is read-only from the start (its own contract hands it over); an object with overlay members
    /// may carry the memberships its type hierarchy leaves live across methods.
    /// </summary>
    internal static FlowState EntryState(BodyWorkspace body, ControlFlowGraph? graph = null)
    {
        var values = body.Values;
        var contracts = body.Contracts;
        var owner = body.Method;
        var state = new FlowState(body.Slots, key => key switch
        {
            IParameterSymbol parameter => ValueSet.Of(values.Parameter(parameter, (contracts.Of(parameter) & ParameterContract.RequiresMm) != 0)),
            ILocalSymbol local when owner is not null && !SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, owner) => ValueSet.Of(values.Captured(local)),
            _ => ValueSet.Unknown,
        });
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
                    ? parameter.DeclaringSyntaxReferences[0].GetSyntax(CancellationToken.None).ToString()
                    : parameter.Name;
                var origin = new EarlierCall(body.Method.Name, parameter.Locations[0], declaration, body.Method);
                state.SetDeferred(id, new DeferredFact(Certainty.OnAllPaths, origin, byOwnContract: true));
            }

            OperationTransfer.SeedPersistentMembers(body, state, id, parameter.Type);
        }

        if (graph is not null && body.SeedRequests is not null && HasParameterToNarrow(body))
        {
            // `void Defer(object o) { if (o is Page page) ... }`: the object was received as a Page all the same.
            foreach (var (parameter, type) in NarrowedParameters(graph, body))
            {
                var id = values.Parameter(parameter, (contracts.Of(parameter) & ParameterContract.RequiresMm) != 0);
                OperationTransfer.SeedPersistentMembers(body, state, id, type);
            }
        }

        return state;
    }

    private static bool HasParameterToNarrow(BodyWorkspace body)
    {
        if (body.Method is null)
        {
            return false;
        }

        foreach (var parameter in body.Method.Parameters)
        {
            // Only these can hold an object of another type: most bodies' parameters (an Mm, a table, a
            // string) end the search here, before any walk of the body.
            if (parameter.Type is { SpecialType: SpecialType.System_Object } or { TypeKind: TypeKind.Interface or TypeKind.TypeParameter })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The body's own parameters of type <c>object</c>, an interface or a type parameter that the body casts or
    /// tests straight to a type with overlay members, with that type. Searched only when such a parameter
    /// exists, so the usual body pays one look at its parameter types.
    /// </summary>
    private static List<(IParameterSymbol Parameter, ITypeSymbol Type)> NarrowedParameters(ControlFlowGraph graph, BodyWorkspace body)
    {
        var found = new List<(IParameterSymbol, ITypeSymbol)>();

        foreach (var block in graph.Blocks)
        {
            foreach (var root in block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    var (tested, type) = operation switch
                    {
                        IConversionOperation { OperatorMethod: null } conversion => (conversion.Operand, conversion.Type),
                        IIsPatternOperation pattern => (pattern.Value, NarrowedType(pattern.Pattern)),
                        _ => (null, null),
                    };
                    // `(Page)(object)item`: the inner conversions keep the same object.
                    while (tested is IConversionOperation { OperatorMethod: null } inner)
                    {
                        tested = inner.Operand;
                    }

                    if (tested is IParameterReferenceOperation reference && type is not null
                        && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, body.Method)
                        && !body.Contracts.HasOverlayMembers(reference.Parameter.Type) && body.Contracts.HasOverlayMembers(type)
                        && !found.Any(f => SymbolEqualityComparer.Default.Equals(f.Item1, reference.Parameter) && SymbolEqualityComparer.Default.Equals(f.Item2, type)))
                    {
                        found.Add((reference.Parameter, type));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The type a pattern tests its value straight to: <c>Page page</c>, <c>Page { } page</c>, <c>Page</c>, or
    /// one of them negated (<c>is not Page page</c>, whose other branch is the page: typically the one left
    /// when the negated branch returns or throws); null for any other pattern.
    /// </summary>
    private static ITypeSymbol? NarrowedType(IPatternOperation pattern)
    {
        while (pattern is INegatedPatternOperation negated)
        {
            pattern = negated.Pattern;
        }

        return pattern switch
        {
            IDeclarationPatternOperation declaration => declaration.NarrowedType,
            IRecursivePatternOperation recursive => recursive.NarrowedType,
            ITypePatternOperation typePattern => typePattern.NarrowedType,
            _ => null,
        };
    }

    /// <summary>A body waiting to be analysed: how to get its graph, and what it inherits from the body around it.</summary>
    private sealed class PendingBody
    {
        public PendingBody(Func<ControlFlowGraph> graph, IMethodSymbol? method, NoMmContext? declaredNoMm, BodyResult? enclosing)
        {
            Graph = graph;
            Method = method;
            DeclaredNoMm = declaredNoMm;
            Enclosing = enclosing;
        }

        public Func<ControlFlowGraph> Graph { get; }

        public IMethodSymbol? Method { get; }

        public NoMmContext? DeclaredNoMm { get; }

        public BodyResult? Enclosing { get; }
    }
}
