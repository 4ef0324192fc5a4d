using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>
/// Runs the rules' compilation-start and operation-block actions on the calling thread, the way the
/// compiler's driver calls them but without its thread pool, so a test controls the stack the analyzers
/// run on. The compiler's share (binding, control-flow graphs) is done beforehand by <see cref="Prepare"/>.
/// It supports exactly what the rules register; anything else fails loudly. Exceptions propagate.
/// </summary>
internal sealed class SynchronousAnalyzerHost
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    public SynchronousAnalyzerHost(IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        _analyzers = analyzers.ToImmutableArray();
    }

    /// <summary>
    /// Binds every method-like body of <paramref name="compilation"/> and builds its control-flow graphs,
    /// nested ones included (Roslyn caches them in the graph): the compiler's share of the work, which a
    /// test runs on a large stack so that only the analyzers' own code runs in <see cref="Analyze"/>.
    /// </summary>
    public static IReadOnlyList<PreparedBody> Prepare(Compilation compilation)
    {
        var bodies = new List<PreparedBody>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
                    || model.GetDeclaredSymbol(node) is not { } owner
                    || model.GetOperation(node) is not { } body)
                {
                    continue;
                }

                var graph = body switch
                {
                    IMethodBodyOperation method => ControlFlowGraph.Create(method),
                    IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
                    _ => null,
                };
                if (graph is not null)
                {
                    BuildNestedGraphs(graph);
                    bodies.Add(new PreparedBody(body, owner, graph));
                }
            }
        }

        return bodies;
    }

    /// <summary>Every diagnostic the analyzers report over the prepared bodies, computed on the calling thread.</summary>
    public ImmutableArray<Diagnostic> Analyze(Compilation compilation, IReadOnlyList<PreparedBody> bodies)
    {
        var diagnostics = new List<Diagnostic>();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        foreach (var analyzer in _analyzers)
        {
            var registration = new Registration();
            analyzer.Initialize(registration);
            var blockActions = new List<Action<OperationBlockAnalysisContext>>();
            var documentActions = new List<Action<SemanticModelAnalysisContext>>();
            foreach (var start in registration.CompilationStartActions)
            {
                start(new CompilationStart(compilation, options, blockActions, documentActions));
            }

            var supported = analyzer.SupportedDiagnostics;
            Func<Diagnostic, bool> isSupported = d => supported.Any(s => s.Id == d.Id);
            foreach (var body in bodies)
            {
                foreach (var action in blockActions)
                {
                    action(BlockContext(body, compilation, options, diagnostics.Add, isSupported));
                }
            }

            // Each document's end after its blocks, as the driver orders them in a build.
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var action in documentActions)
                {
#pragma warning disable CS0618 // Obsolete for hosts in general; this one drives the rules by hand on purpose (see the class summary).
                    action(new SemanticModelAnalysisContext(compilation.GetSemanticModel(tree), options, diagnostics.Add, isSupported, CancellationToken.None));
#pragma warning restore CS0618
                }
            }
        }

        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static void BuildNestedGraphs(ControlFlowGraph root)
    {
        var pending = new Stack<ControlFlowGraph>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var graph = pending.Pop();
            foreach (var local in graph.LocalFunctions)
            {
                pending.Push(graph.GetLocalFunctionControlFlowGraph(local));
            }

            foreach (var block in graph.Blocks)
            {
                var operations = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
                foreach (var lambda in operations.SelectMany(o => o.DescendantsAndSelf()).OfType<IFlowAnonymousFunctionOperation>())
                {
                    pending.Push(graph.GetAnonymousFunctionControlFlowGraph(lambda));
                }
            }
        }
    }

    /// <summary>
    /// The driver's context for one body, handing out the prepared graph. Roslyn's public constructor cannot
    /// take a graph (it would build one on the calling thread), so this uses the internal one the driver
    /// uses; it is looked up by parameter name and fails loudly if a Roslyn update changes it.
    /// </summary>
    private static OperationBlockAnalysisContext BlockContext(
        PreparedBody body, Compilation compilation, AnalyzerOptions options, Action<Diagnostic> report, Func<Diagnostic, bool> isSupported)
    {
        var constructor = typeof(OperationBlockAnalysisContext)
            .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic)
            .SingleOrDefault(c => c.GetParameters().Any(p => p.Name == "getControlFlowGraph"))
            ?? throw new InvalidOperationException("Roslyn's internal OperationBlockAnalysisContext constructor changed; update the host.");
        Func<IOperation, ControlFlowGraph> graphOf = _ => body.Graph;
        var arguments = constructor.GetParameters().Select(parameter => parameter.Name switch
        {
            "operationBlocks" => (object?)ImmutableArray.Create(body.Root),
            "owningSymbol" => body.Owner,
            "compilation" => compilation,
            "options" => options,
            "reportDiagnostic" => report,
            "isSupportedDiagnostic" => parameter.ParameterType == typeof(Func<Diagnostic, bool>)
                ? isSupported
                : new Func<Diagnostic, CancellationToken, bool>((d, _) => isSupported(d)),
            "getControlFlowGraph" => graphOf,
            "filterTree" => null,
            "filterSpan" => null,
            "isGeneratedCode" => false,
            "cancellationToken" => CancellationToken.None,
            _ => throw new InvalidOperationException($"Unknown parameter '{parameter.Name}' of Roslyn's OperationBlockAnalysisContext constructor; update the host."),
        }).ToArray();
        return (OperationBlockAnalysisContext)constructor.Invoke(arguments);
    }

    private sealed class Registration : AnalysisContext
    {
        public List<Action<CompilationStartAnalysisContext>> CompilationStartActions { get; } = new();

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions.Add(action);

        public override void EnableConcurrentExecution()
        {
        }

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Unsupported();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unsupported();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unsupported();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported();
    }

    private sealed class CompilationStart : CompilationStartAnalysisContext
    {
        private readonly List<Action<OperationBlockAnalysisContext>> _blockActions;

        private readonly List<Action<SemanticModelAnalysisContext>> _documentActions;

        public CompilationStart(Compilation compilation, AnalyzerOptions options, List<Action<OperationBlockAnalysisContext>> blockActions, List<Action<SemanticModelAnalysisContext>> documentActions)
            : base(compilation, options, CancellationToken.None)
        {
            _blockActions = blockActions;
            _documentActions = documentActions;
        }

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _blockActions.Add(action);

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => throw Unsupported();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _documentActions.Add(action);

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unsupported();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported();
    }

    private static NotSupportedException Unsupported() =>
        new("The synchronous host supports compilation-start, operation-block and semantic-model actions only; extend it if a rule needs more.");
}
