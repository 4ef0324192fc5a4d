using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Inferred effects of unannotated methods in source (annotations.md, Contract v2, point 2), one table per
/// compilation (<see cref="AnalysisCache.SummariesOf"/>), filled lazily and shared by every rule and request.
/// A summary is keyed by the method and the depth left: the summary at depth d uses its callees' at d - 1, and
/// one at depth 0 is unknown. So recursion and long chains end at <see cref="AnalysisBudget.MaxSummaryDepth"/>,
/// and each entry is a pure function of its key, the same whichever body asks first.
/// </summary>
internal sealed class MethodSummaries
{
    private readonly Compilation _compilation;
    private readonly ContractIndex _contracts;
    private readonly ConcurrentDictionary<SummaryKey, Lazy<MethodSummary>> _summaries = new();
    private readonly ConcurrentDictionary<SummaryKey, Lazy<BodyScan>> _scans = new();
    private readonly ConcurrentDictionary<SummaryKey, Lazy<BodyScan>> _directScans = new();
    private readonly ConcurrentDictionary<SummaryKey, Lazy<int>> _returnedParameters = new();
    private readonly ConcurrentDictionary<SummaryKey, Lazy<ulong>> _changedParameters = new();
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<AssignedMember>> _assignedMembers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SummaryKey, Lazy<CapturedSet>> _captured = new();
    private readonly ConcurrentDictionary<SyntaxNode, ControlFlowGraph> _rootGraphs = new();

    // A local function's operation is bound with its whole enclosing body: one model per tree binds that body
    // once for all the local functions in it, not once per question about each (nested ones made it quadratic).
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _localFunctionModels = new();
    private int _computed;

    public MethodSummaries(Compilation compilation, ContractIndex contracts)
    {
        _compilation = compilation;
        _contracts = contracts;
    }

    /// <summary>How many summaries were flow-analysed (for tests: each (method, depth) at most once per compilation).</summary>
    public int Computed => Volatile.Read(ref _computed);

    /// <summary>
    /// True for a callee whose body is the one that runs: a non-virtual method, local function or sealed
    /// override declared in this compilation. A virtual or interface call may run another body: unknown.
    /// </summary>
    public bool CanSummarise(IMethodSymbol? method) =>
        HasBodyInSource(method)
        && (!(method!.IsVirtual || method.IsOverride) || method.IsSealed || method.ContainingType is { IsSealed: true });

    /// <summary>
    /// As <see cref="CanSummarise(IMethodSymbol?)"/> for the callee of <paramref name="call"/> (null: not known);
    /// a <c>base.M(...)</c> call also runs exactly the body it names, virtual or not.
    /// </summary>
    public bool CanSummarise(IMethodSymbol? callee, IOperation? call) =>
        call is IInvocationOperation { Instance: IInstanceReferenceOperation { Syntax: BaseExpressionSyntax } }
            ? HasBodyInSource(callee)
            : CanSummarise(callee);

    /// <summary>A method, local function or constructor with a body in this compilation (not abstract, extern or an interface's).</summary>
    private bool HasBodyInSource(IMethodSymbol? method) =>
        method is { IsAbstract: false, IsExtern: false }
        && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor
        && method.ContainingType?.TypeKind != TypeKind.Interface
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
        && IsDeclaredInThisCompilation(method.PartialImplementationPart ?? method);

    // Asked for every argument the pre-filter meets: a loop, not a closure, and metadata rejected above
    // before its syntax references are built.
    private bool IsDeclaredInThisCompilation(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The summary of <paramref name="method"/> with <paramref name="depth"/> calls left to follow. Without
    /// <paramref name="includeWrites"/> (the pre-filter's question) a body that only writes through its
    /// parameters is not flow-analysed: writing alone never makes a caller worth analysing.
    /// </summary>
    public MethodSummary Of(IMethodSymbol method, int depth, CancellationToken cancellationToken, bool includeWrites = true)
    {
        // Callers ask only of a callee whose body is the one that runs (CanSummarise at the call).
        if (depth < 0 || !HasBodyInSource(method))
        {
            return MethodSummary.Empty;
        }

        // A call binds to a partial method's declaration; the body and the parameters it uses are the implementation's.
        method = method.PartialImplementationPart ?? method;

        var key = new SummaryKey(method.OriginalDefinition, depth);
        var scan = Cached(_scans, key, k => ScanOf(k.Method, k.Depth, cancellationToken), cancellationToken);
        if (!scan.TouchesAnnotations && !(includeWrites && scan.MayWriteParameter))
        {
            return MethodSummary.Empty;
        }

        if (depth == 0)
        {
            return scan.TouchesAnnotations ? MethodSummary.Unknown(GiveUpReason.SummaryTooDeep) : MethodSummary.Empty;
        }

        return Cached(_summaries, key, k => Compute(k.Method, k.Depth, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The ordinal of the parameter every <c>return</c> of <paramref name="method"/> hands back unchanged
    /// (<c>static PteTable Retire(Mm mm, PteTable t) { PteFreeDefer(mm, t); return t; }</c>), or null: its result
    /// is then that argument, an alias like an assignment. Asked only of a callee whose body is the one that
    /// runs; a parameter the body may assign, or pass by <c>ref</c> anywhere (a lambda included), does not count.
    /// </summary>
    public int? ReturnedParameter(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.ReturnsVoid || method.ReturnsByRef || method.ReturnsByRefReadonly || method.IsAsync || !HasBodyInSource(method))
        {
            return null;
        }

        method = method.PartialImplementationPart ?? method;
        var ordinal = Cached(_returnedParameters, new SummaryKey(method.OriginalDefinition, -1), k => FindReturnedParameter(k.Method, cancellationToken), cancellationToken);
        return ordinal < 0 ? null : ordinal;
    }

    private int FindReturnedParameter(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (BodyOf(method, cancellationToken) is not { } body || IsIterator(body.Operation))
        {
            return -1;
        }

        // One walk: every own return names one by-value parameter, and nothing may assign that parameter.
        IParameterSymbol? returned = null;
        var changed = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>(32);
        pending.Push(body.Operation);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IReturnOperation { Kind: OperationKind.Return } ret && IsOwnReturn(ret, body.Operation))
            {
                if (ReturnedParameterOf(ret.ReturnedValue) is not { RefKind: RefKind.None } parameter
                    || (returned is not null && !SymbolEqualityComparer.Default.Equals(returned, parameter)))
                {
                    return -1;
                }

                returned = parameter;
            }
            else if (operation is IParameterReferenceOperation reference && MayChange(reference))
            {
                changed.Add(reference.Parameter);
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return returned is null || changed.Contains(returned) ? -1 : returned.Ordinal;
    }

    /// <summary>
    /// Whether the callee of <paramref name="call"/> may give its <c>ref</c> parameter a new value. False only
    /// for a callee whose body is the one that runs and never assigns it, passes it on by <c>ref</c>/<c>out</c>
    /// or takes a <c>ref</c> to it (<c>static void Touch(ref PteTable t) =&gt; t[0] = 0;</c>): the caller's
    /// variable then keeps its object across the call.
    /// </summary>
    public bool MayAssignRefParameter(IMethodSymbol method, IOperation call, IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.RefKind != RefKind.Ref || parameter.Ordinal >= 64 || method.IsAsync || !CanSummarise(method, call))
        {
            return true;
        }

        return (ChangedParameters((method.PartialImplementationPart ?? method).OriginalDefinition, cancellationToken) & (1UL << parameter.Ordinal)) != 0;
    }

    /// <summary>
    /// The parameters (by ordinal, below 64) a body may give a new value (<see cref="MayChange"/>), its lambdas
    /// and local functions included; every one when the body is not known.
    /// </summary>
    private ulong ChangedParameters(IMethodSymbol method, CancellationToken cancellationToken) =>
        Cached(_changedParameters, new SummaryKey(method, -1), k => FindChangedParameters(k.Method, cancellationToken), cancellationToken);

    private ulong FindChangedParameters(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (BodyOf(method, cancellationToken) is not { } body)
        {
            return ulong.MaxValue;
        }

        var assigned = 0UL;
        var pending = new Stack<IOperation>(32);
        pending.Push(body.Operation);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IParameterReferenceOperation { Parameter.Ordinal: < 64 } reference
                && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, method)
                && MayChange(reference))
            {
                assigned |= 1UL << reference.Parameter.Ordinal;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return assigned;
    }

    /// <summary>
    /// The fields and properties the callee of <paramref name="call"/> gives a new object with <c>=</c>, of its
    /// receiver (<c>this</c>), of a by-value parameter or static (<c>void Renew() =&gt; _table = PteTable.Alloc(mm);</c>):
    /// after the call the member holds another object, as after that assignment in the caller. Empty unless the
    /// body is the one that runs; an async method, an iterator and a constructor are not followed, nor are
    /// assignments inside the callee's lambdas and local functions.
    /// </summary>
    public ImmutableArray<AssignedMember> AssignedMembers(IMethodSymbol method, IOperation call, CancellationToken cancellationToken)
    {
        if (method.IsAsync || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
        {
            return ImmutableArray<AssignedMember>.Empty;
        }

        // Asked at every call the analysis meets: a lookup first, and whether the call runs this body last.
        var definition = (method.PartialImplementationPart ?? method).OriginalDefinition;
        if (!_assignedMembers.TryGetValue(definition, out var members))
        {
            members = HasBodyInSource(definition) ? FindAssignedMembers(definition, cancellationToken) : ImmutableArray<AssignedMember>.Empty;
            members = _assignedMembers.GetOrAdd(definition, members);
        }

        return members.IsEmpty || !CanSummarise(method, call) ? ImmutableArray<AssignedMember>.Empty : members;
    }

    private ImmutableArray<AssignedMember> FindAssignedMembers(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!MayAssignAMember(method, cancellationToken) || BodyOf(method, cancellationToken) is not { } body || IsIterator(body.Operation))
        {
            return ImmutableArray<AssignedMember>.Empty;
        }

        var top = body.Operation switch
        {
            IMethodBodyOperation methodBody => (IOperation?)methodBody.BlockBody ?? methodBody.ExpressionBody,
            ILocalFunctionOperation local => local.Body ?? local.IgnoredBody,
            _ => null,
        };
        var found = new List<(IOperation Assignment, AssignedMember Member)>();
        var firstExit = int.MaxValue;
        var pending = new Stack<IOperation>(32);
        pending.Push(body.Operation);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation when operation != body.Operation:
                    // Runs when called, not as part of this body.
                    continue;
                case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.IsEmpty: true } } assignment
                    when OwnerOf((IMemberReferenceOperation)assignment.Target) is { } owner:
                    found.Add((assignment, new AssignedMember(((IMemberReferenceOperation)assignment.Target).Member.OriginalDefinition, owner, certain: false)));
                    break;
                case IReturnOperation { IsImplicit: false } or IThrowOperation or IBranchOperation:
                    firstExit = System.Math.Min(firstExit, operation.Syntax.SpanStart);
                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        var changed = found.Any(f => f.Member.Owner >= 0) ? ChangedParameters(method, cancellationToken) : 0UL;
        var members = ImmutableArray.CreateBuilder<AssignedMember>(found.Count);
        foreach (var (assignment, member) in found)
        {
            // A parameter the body reassigns may no longer be the caller's object where the member is assigned.
            if (member.Owner >= 0 && (member.Owner >= 64 || (changed & (1UL << member.Owner)) != 0))
            {
                continue;
            }

            // On every path that returns: a statement of the body's own block that no exit comes before.
            var certain = top is not null
                && assignment.Parent is IExpressionStatementOperation or IReturnOperation
                && assignment.Parent.Parent == top
                && assignment.Syntax.SpanStart <= firstExit;
            members.Add(new AssignedMember(member.Member, member.Owner, certain));
        }

        return members.ToImmutable();

        static int? OwnerOf(IMemberReferenceOperation target) => target.Instance switch
        {
            null when target.Member.IsStatic => AssignedMember.StaticOwner,
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => AssignedMember.ThisOwner,
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => parameter.Parameter.Ordinal,
            _ => null,
        };
    }

    /// <summary>
    /// Read from the syntax, before anything is bound: whether the body assigns something that may be a
    /// member (<c>x.F = ...</c>, or a name it does not declare itself). Most callees assign only their
    /// locals, and binding their bodies again to be sure cost more than the rest of the question.
    /// </summary>
    private bool MayAssignAMember(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            var declaration = reference.GetSyntax(cancellationToken);
            HashSet<string>? declared = null;
            foreach (var node in declaration.DescendantNodes())
            {
                if (node is not AssignmentExpressionSyntax { Parent: not InitializerExpressionSyntax } assignment
                    || !assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression))
                {
                    continue;
                }

                switch (assignment.Left)
                {
                    case IdentifierNameSyntax name:
                        declared ??= DeclaredNames(declaration);
                        if (!declared.Contains(name.Identifier.ValueText))
                        {
                            return true;
                        }

                        break;
                    case TupleExpressionSyntax or DeclarationExpressionSyntax:
                        break;
                    default:
                        return true;
                }
            }
        }

        return false;

        static HashSet<string> DeclaredNames(SyntaxNode declaration)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in declaration.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case ParameterSyntax parameter:
                        names.Add(parameter.Identifier.ValueText);
                        break;
                    case VariableDeclaratorSyntax variable:
                        names.Add(variable.Identifier.ValueText);
                        break;
                    case SingleVariableDesignationSyntax designation:
                        names.Add(designation.Identifier.ValueText);
                        break;
                    case ForEachStatementSyntax loop:
                        names.Add(loop.Identifier.ValueText);
                        break;
                    case CatchDeclarationSyntax caught:
                        names.Add(caught.Identifier.ValueText);
                        break;
                }
            }

            return names;
        }
    }

    /// <summary>The parameter a returned value names, under conversions that keep the reference (none that calls user code).</summary>
    private static IParameterSymbol? ReturnedParameterOf(IOperation? value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion
               && (conversion.Conversion.IsIdentity || conversion.Conversion.IsImplicit && conversion.Conversion.IsReference))
        {
            value = conversion.Operand;
        }

        // A throw expression never hands anything back: `t ?? throw ...`, `ok ? t : throw ...` and a switch
        // expression whose arms are `t` or a throw return t whenever they return.
        IEnumerable<IOperation>? alternatives = value switch
        {
            ICoalesceOperation coalesce when IsThrow(coalesce.WhenNull) => new[] { coalesce.Value },
            IConditionalOperation { WhenFalse: not null } conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
            ISwitchExpressionOperation switchExpression => switchExpression.Arms.Select(arm => arm.Value),
            _ => null,
        };
        if (alternatives is null)
        {
            return (value as IParameterReferenceOperation)?.Parameter;
        }

        IParameterSymbol? returned = null;
        foreach (var alternative in alternatives)
        {
            if (IsThrow(alternative))
            {
                continue;
            }

            if (ReturnedParameterOf(alternative) is not { } parameter
                || (returned is not null && !SymbolEqualityComparer.Default.Equals(returned, parameter)))
            {
                return null;
            }

            returned = parameter;
        }

        return returned;
    }

    private static bool IsThrow(IOperation operation) =>
        operation is IThrowOperation or IConversionOperation { Operand: IThrowOperation };

    /// <summary>A return of the body itself, not of a lambda or local function inside it.</summary>
    private static bool IsOwnReturn(IOperation ret, IOperation root)
    {
        for (var current = ret.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a reference to a parameter or local may give it another value: assigned, updated, passed or taken by <c>ref</c>, deconstructed into.</summary>
    private static bool MayChange(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In } => true,
        ITupleOperation or IDeclarationExpressionOperation => true,
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } } => true,
        IAddressOfOperation => true,
        _ => false,
    };

    /// <summary>
    /// The enclosing method's locals and parameters a non-static local function's body names, in declaration
    /// order: their effects follow its parameters' in its summary (ordinals from <c>Parameters.Length</c> on), and
    /// a call applies them to what those variables hold at the call (<c>void Free() =&gt; PteFreeDefer(mm, t);</c>).
    /// Variables only a local function it calls names are not followed.
    /// </summary>
    public ImmutableArray<ISymbol> CapturedVariables(IMethodSymbol method, CancellationToken cancellationToken) =>
        Captures(method, cancellationToken).Variables;

    /// <summary>The captured variables the local function may assign (<c>void Renew() =&gt; t = PteTable.Alloc(mm);</c>): after a call they hold what the analysis does not know.</summary>
    public ImmutableArray<ISymbol> AssignedCaptures(IMethodSymbol method, CancellationToken cancellationToken) =>
        Captures(method, cancellationToken).Assigned;

    private CapturedSet Captures(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind != MethodKind.LocalFunction || method.IsStatic || !HasBodyInSource(method))
        {
            return CapturedSet.None;
        }

        return Cached(_captured, new SummaryKey(method.OriginalDefinition, -1), k => FindCaptured(k.Method, cancellationToken), cancellationToken);
    }

    private CapturedSet FindCaptured(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (BodyOf(method, cancellationToken) is not { } body)
        {
            return CapturedSet.None;
        }

        var span = body.Operation.Syntax.Span;
        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var assigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>(32);
        pending.Push(body.Operation);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            var variable = operation switch
            {
                IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            if (variable is not null
                && variable.Locations.Length > 0 && variable.Locations[0].IsInSource
                && variable.Locations[0].SourceTree == body.Operation.Syntax.SyntaxTree
                && !span.Contains(variable.Locations[0].SourceSpan))
            {
                found.Add(variable);
                if (MayChange(operation))
                {
                    assigned.Add(variable);
                }
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return new CapturedSet(
            found.OrderBy(v => v.Locations[0].SourceSpan.Start).ToImmutableArray(),
            assigned.OrderBy(v => v.Locations[0].SourceSpan.Start).ToImmutableArray());
    }

    private sealed class CapturedSet
    {
        public static readonly CapturedSet None = new(ImmutableArray<ISymbol>.Empty, ImmutableArray<ISymbol>.Empty);

        public CapturedSet(ImmutableArray<ISymbol> variables, ImmutableArray<ISymbol> assigned)
        {
            Variables = variables;
            Assigned = assigned;
        }

        public ImmutableArray<ISymbol> Variables { get; }

        public ImmutableArray<ISymbol> Assigned { get; }
    }

    /// <summary>Computes once per key; a value computed under another request's cancelled token is forgotten and computed again.</summary>
    private static T Cached<T>(ConcurrentDictionary<SummaryKey, Lazy<T>> table, SummaryKey key, Func<SummaryKey, T> compute, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = table.GetOrAdd(key, k => new Lazy<T>(() => compute(k), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                ((ICollection<KeyValuePair<SummaryKey, Lazy<T>>>)table).Remove(new KeyValuePair<SummaryKey, Lazy<T>>(key, lazy));
            }
        }
    }

    /// <summary>The cheap part: whether the body names anything annotated (itself or through its callees), or writes through a parameter.</summary>
    private BodyScan ScanOf(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        var direct = Cached(_directScans, new SummaryKey(method, -1), k => DirectScanOf(k.Method, cancellationToken), cancellationToken);
        var touches = direct.TouchesAnnotations;
        foreach (var callee in direct.Callees)
        {
            if (touches)
            {
                break;
            }

            touches = Of(callee, depth - 1, cancellationToken, includeWrites: false).Contracts != ParameterContract.None;
        }

        // A callee that writes through its parameter (followed as deep as its summary would be) may make this
        // body write through one of its own: Reset(t) => Zero(t), where Zero writes t, acts as [Writes].
        var mayWrite = direct.MayWriteParameter;
        foreach (var callee in direct.Callees)
        {
            if (mayWrite || depth - 1 < 1)
            {
                break;
            }

            var implementation = callee.PartialImplementationPart ?? callee;
            mayWrite = HasBodyInSource(implementation)
                && Cached(_scans, new SummaryKey(implementation.OriginalDefinition, depth - 1), k => ScanOf(k.Method, k.Depth, cancellationToken), cancellationToken).MayWriteParameter;
        }

        return new BodyScan(touches, mayWrite, ImmutableArray<IMethodSymbol>.Empty);
    }

    /// <summary>One walk of a body, whatever the depth: what it touches itself, whether it writes through a parameter, and the callees that may be summarised.</summary>
    private BodyScan DirectScanOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (BodyOf(method.PartialImplementationPart ?? method, cancellationToken) is not { } body)
        {
            return new BodyScan(false, false, ImmutableArray<IMethodSymbol>.Empty);
        }

        if (IsIterator(body.Operation))
        {
            // Nothing of an iterator's body runs at the call: it runs as the caller enumerates, later.
            return new BodyScan(false, false, ImmutableArray<IMethodSymbol>.Empty);
        }

        var scan = PreFilterScan.Of(new[] { body.Operation }, method, _contracts);
        var callees = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>(32);
        pending.Push(body.Operation);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol callee } argument
                && _contracts.Of(argument.Parameter) == ParameterContract.None && CanSummarise(callee, argument.Parent))
            {
                callees.Add(callee.OriginalDefinition);
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return new BodyScan(
            scan.Contracts != ParameterContract.None || scan.TouchesOverlay,
            WritesThroughParameter(body.Operation),
            callees.OrderBy(c => c.ToDisplayString(), StringComparer.Ordinal).ToImmutableArray());
    }

    /// <summary>True when the body has a <c>yield</c> of its own (not one of a nested lambda or local function).</summary>
    private static bool IsIterator(IOperation root)
    {
        var pending = new Stack<IOperation>(32);
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation.Kind is OperationKind.YieldReturn or OperationKind.YieldBreak)
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not (ILocalFunctionOperation or IAnonymousFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }

        return false;
    }

    /// <summary>An assignment, increment or <c>ref</c> argument whose target is an element or member reached from a parameter, or a ref local.</summary>
    private static bool WritesThroughParameter(IOperation root)
    {
        var pending = new Stack<IOperation>(32);
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                _ => null,
            };
            if (target is not null && ReachedFromParameter(target))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return false;
    }

    private static bool ReachedFromParameter(IOperation target)
    {
        if (target is ILocalReferenceOperation { Local.IsRef: true })
        {
            // `ref var w = ref table.Words[0]; w = 0;`: a ref local may name a location inside a parameter.
            return true;
        }

        for (var current = target; ;)
        {
            var next = current switch
            {
                IArrayElementReferenceOperation element => element.ArrayReference,
                IPropertyReferenceOperation property => property.Instance,
                IFieldReferenceOperation field => field.Instance,
                IInvocationOperation invocation => invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null),
                IConversionOperation conversion => conversion.Operand,
                IImplicitIndexerReferenceOperation indexer => indexer.Instance,
                ITupleOperation tuple => tuple.Elements.FirstOrDefault(ReachedFromParameter),
                _ => null,
            };
            if (next is null)
            {
                // A local may alias a parameter or a view of it: count it, the flow analysis decides.
                return current != target && current is IParameterReferenceOperation or ILocalReferenceOperation;
            }

            current = next;
        }
    }

    private MethodSummary Compute(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _computed);
        if (BodyOf(method.PartialImplementationPart ?? method, cancellationToken) is not { } body)
        {
            return MethodSummary.Empty;
        }

        try
        {
            var graph = body.Graph();
            if (graph.Blocks.Length > AnalysisBudget.MaxSummaryBlocks)
            {
                return MethodSummary.Unknown(GiveUpReason.SummaryTooLarge);
            }

            var workspace = new BodyWorkspace(_contracts, method, hierarchy: null, this, depth - 1, recordsEffects: true, cancellationToken);
            var slots = EffectSlotValues(method, workspace, CapturedVariables(method, cancellationToken));
            for (var ordinal = 0; ordinal < slots.Length; ordinal++)
            {
                workspace.EffectSlots[slots[ordinal]] = ordinal;
            }

            var solver = new FixpointSolver(graph, workspace);
            solver.Run(RootAnalysis.EntryState(workspace));
            return Summarise(graph, workspace, solver.ExitState, slots);
        }
        catch (AnalysisGaveUpException)
        {
            return MethodSummary.Unknown(GiveUpReason.SummaryTooLarge);
        }
        catch (InsufficientExecutionStackException)
        {
            return MethodSummary.Unknown(GiveUpReason.StackExhausted);
        }
    }

    /// <summary>The value ids a summary's ordinals stand for: each parameter's, then each captured variable's, as the body's entry state binds them.</summary>
    private static int[] EffectSlotValues(IMethodSymbol method, BodyWorkspace workspace, ImmutableArray<ISymbol> captured)
    {
        var slots = new int[method.Parameters.Length + captured.Length];
        foreach (var parameter in method.Parameters)
        {
            slots[parameter.Ordinal] = workspace.Values.Parameter(parameter, isMmSource: false);
        }

        for (var i = 0; i < captured.Length; i++)
        {
            slots[method.Parameters.Length + i] = captured[i] switch
            {
                IParameterSymbol parameter => workspace.Values.Parameter(parameter, isMmSource: false),
                ILocalSymbol local => workspace.Values.Captured(local),
                _ => ValueTable.UnknownId,
            };
        }

        return slots;
    }

    private readonly struct BodyScan
    {
        public BodyScan(bool touchesAnnotations, bool mayWriteParameter, ImmutableArray<IMethodSymbol> callees)
        {
            TouchesAnnotations = touchesAnnotations;
            MayWriteParameter = mayWriteParameter;
            Callees = callees;
        }

        public bool TouchesAnnotations { get; }

        public bool MayWriteParameter { get; }

        /// <summary>Summarisable methods the body passes arguments to unannotated parameters of.</summary>
        public ImmutableArray<IMethodSymbol> Callees { get; }
    }

    /// <summary>
    /// The effects recorded by the reporting pass, each on all paths only when it was certain where it
    /// happened and its block lies on every path from entry to exit (paths through finally regions and into catch
    /// handlers included, <see cref="NormalPathSuccessors"/>); deferral is read from the state on
    /// return instead, which already joins the paths. Claims, releases and assertions keep the order they were
    /// recorded in (block by block in ordinal order, which is source order, so every path's order in a body
    /// without loops): a member released and then claimed again is live after the call, one claimed and then
    /// released is not. A member whose last access is a claim takes its certainty from the state on return.
    /// </summary>
    private static MethodSummary Summarise(ControlFlowGraph graph, BodyWorkspace workspace, FlowState? exit, int[] slots)
    {
        if (exit is null)
        {
            // The body never returns normally: nothing after the call runs.
            return new MethodSummary(ImmutableArray<ImmutableArray<InferredEffect>>.Empty, workspace.SummariesGaveUp.Values.Cast<GiveUpReason?>().FirstOrDefault());
        }

        var onEveryPath = new OnEveryPath(graph);
        var found = new List<(int Ordinal, InferredEffect Effect)>();
        var sequences = new List<InferredEffect>[slots.Length];
        foreach (var recorded in workspace.RecordedEffects)
        {
            var certainty = recorded.CertainInBlock && onEveryPath.Contains(recorded.Block) ? Certainty.OnAllPaths : Certainty.OnSomePaths;
            var effect = new InferredEffect(recorded.Kind, certainty, recorded.Inside, recorded.Member, recorded.Group);
            if ((recorded.Kind & OverlayEffects) == 0)
            {
                found.Add((recorded.Ordinal, effect));
            }
            else if (recorded.Ordinal < sequences.Length)
            {
                Append(sequences[recorded.Ordinal] ??= new List<InferredEffect>(), effect);
            }
        }

        for (var ordinal = 0; ordinal < sequences.Length; ordinal++)
        {
            if (sequences[ordinal] is { } sequence)
            {
                sequences[ordinal] = sequence.Where((e, i) => !Overwritten(sequence, i)).ToList();
            }
        }

        for (var slot = 0; slot < slots.Length; slot++)
        {
            var id = slots[slot];
            var sequence = sequences[slot] ??= new List<InferredEffect>();
            if (id == ValueTable.UnknownId)
            {
                continue;
            }

            if (exit.Deferred.TryGetValue(id, out var deferred) && !deferred.ByOwnContract)
            {
                found.Add((slot, new InferredEffect(ParameterContract.DeferredFree, deferred.Certainty, deferred.Origin)));
            }

            foreach (var pair in exit.Live.Where(p => p.Key.Owner == id).OrderBy(p => p.Value.Claim.Location.SourceSpan.Start))
            {
                var last = sequence.FindLastIndex(e => e.Member is not null && SymbolEqualityComparer.Default.Equals(e.Member, pair.Key.Member));
                var onExit = new InferredEffect(ParameterContract.Claims, pair.Value.Certainty, pair.Value.Claim, pair.Key.Member, pair.Key.Group);
                if (last < 0)
                {
                    sequence.Add(onExit);
                }
                else if (sequence[last].Kind == ParameterContract.Claims)
                {
                    // Claimed on each branch of an if: on every path, though neither claim is.
                    sequence[last] = onExit;
                }
            }
        }

        SettleLastAccesses(graph, workspace.RecordedEffects, sequences);
        var byParameter = new ImmutableArray<InferredEffect>[slots.Length];
        for (var ordinal = 0; ordinal < byParameter.Length; ordinal++)
        {
            byParameter[ordinal] = found
                .Where(f => f.Ordinal == ordinal)
                .Select(f => f.Effect)
                .GroupBy(e => e.Kind)
                .Select(g => g.OrderByDescending(e => e.Certainty).ThenBy(e => e.Inside.Location.SourceSpan.Start).First())
                .OrderBy(e => e.Kind)
                .Concat(sequences[ordinal])
                .ToImmutableArray();
        }

        return new MethodSummary(byParameter.ToImmutableArray(), workspace.SummariesGaveUp.Values.Cast<GiveUpReason?>().FirstOrDefault());
    }

    private const ParameterContract OverlayEffects = ParameterContract.Claims | ParameterContract.Releases | ParameterContract.AssumesReleased;

    /// <summary>
    /// Adds an overlay access to a parameter's sequence; the same access again, with nothing else done to that
    /// member in between (a claim on each branch, a loop's second visit), is one access, as certain as the surer.
    /// </summary>
    private static void Append(List<InferredEffect> sequence, InferredEffect effect)
    {
        var last = sequence.FindLastIndex(e => SameMember(e.Member, effect.Member));
        if (last >= 0 && sequence[last].Kind == effect.Kind)
        {
            if (effect.Certainty > sequence[last].Certainty)
            {
                sequence[last] = effect;
            }

            return;
        }

        sequence.Add(effect);
    }

    private const int Untouched = 1;
    private const int Claimed = 2;
    private const int Released = 4;

    /// <summary>
    /// Per-access certainties cannot tell a release on the paths that claimed from a release on other paths
    /// (<c>ListDel(node); if (again) { ListAdd(node, head); ListDel(node); }</c> leaves the member released on
    /// every path). So the last access to each member on each path to the return is followed over the graph,
    /// and when every path ends with a claim, or every one with a release, the member's last access in the
    /// sequence counts as on all paths.
    /// </summary>
    private static void SettleLastAccesses(ControlFlowGraph graph, List<BodyWorkspace.RecordedEffect> records, List<InferredEffect>[] sequences)
    {
        var keys = new List<(int Ordinal, ISymbol? Member)>();
        var byBlock = new Dictionary<int, List<(int Key, int Access, bool Certain)>>();
        foreach (var recorded in records)
        {
            if ((recorded.Kind & OverlayEffects) == 0 || recorded.Ordinal >= sequences.Length)
            {
                continue;
            }

            var key = keys.FindIndex(k => k.Ordinal == recorded.Ordinal && SameMember(k.Member, recorded.Member));
            if (key < 0)
            {
                key = keys.Count;
                keys.Add((recorded.Ordinal, recorded.Member));
            }

            if (!byBlock.TryGetValue(recorded.Block, out var accesses))
            {
                byBlock[recorded.Block] = accesses = new List<(int, int, bool)>();
            }

            accesses.Add((key, recorded.Kind == ParameterContract.Claims ? Claimed : Released, recorded.CertainInBlock));
        }

        if (keys.Count == 0)
        {
            return;
        }

        var successors = NormalPathSuccessors.Of(graph);
        var handlers = NormalPathSuccessors.Handlers(graph);
        var states = new int[graph.Blocks.Length][];
        states[0] = Enumerable.Repeat(Untouched, keys.Count).ToArray();
        var pending = new Stack<int>();
        pending.Push(0);
        while (pending.Count > 0)
        {
            var block = graph.Blocks[pending.Pop()];
            var entry = states[block.Ordinal];
            var state = (int[])entry.Clone();
            if (byBlock.TryGetValue(block.Ordinal, out var accesses))
            {
                foreach (var (key, access, certain) in accesses)
                {
                    state[key] = certain ? access : state[key] | access;
                }
            }

            foreach (var handler in handlers[block.Ordinal])
            {
                // An exception before or after the block's accesses.
                FlowInto(handler, entry);
                FlowInto(handler, state);
            }

            foreach (var successor in successors[block.Ordinal])
            {
                FlowInto(successor, state);
            }
        }

        void FlowInto(int successor, int[] state)
        {
            var target = states[successor] ??= new int[keys.Count];
            var changed = false;
            for (var k = 0; k < keys.Count; k++)
            {
                changed |= (target[k] | state[k]) != target[k];
                target[k] |= state[k];
            }

            if (changed)
            {
                pending.Push(successor);
            }
        }

        if (states[graph.Blocks.Length - 1] is not { } onReturn)
        {
            return;
        }

        for (var k = 0; k < keys.Count; k++)
        {
            var sequence = sequences[keys[k].Ordinal];
            if (sequence is not null && (onReturn[k] & Claimed) == 0)
            {
                // Every claim is released again on its path: checked at the call, live after it on none.
                for (var i = 0; i < sequence.Count; i++)
                {
                    if (sequence[i] is { Kind: ParameterContract.Claims } claim && SameMember(claim.Member, keys[k].Member))
                    {
                        sequence[i] = new InferredEffect(claim.Kind, claim.Certainty, claim.Inside, claim.Member, claim.Group, transient: true);
                    }
                }
            }

            var last = sequence?.FindLastIndex(e => SameMember(e.Member, keys[k].Member)) ?? -1;
            if (last < 0 || onReturn[k] is not (Claimed or Released)
                || (sequence![last].Kind == ParameterContract.Claims) != (onReturn[k] == Claimed))
            {
                continue;
            }

            var effect = sequence[last];
            sequence[last] = new InferredEffect(effect.Kind, Certainty.OnAllPaths, effect.Inside, effect.Member, effect.Group);
        }
    }

    /// <summary>
    /// A claim the body itself overwrites with a certain claim of another member of the group (<c>ListAdd(p.Lru);
    /// CallRcu(p.RcuHead)</c>): the conflict is the body's own and reported there, not again at each call.
    /// </summary>
    private static bool Overwritten(List<InferredEffect> sequence, int index)
    {
        var claim = sequence[index];
        if (claim.Kind != ParameterContract.Claims || claim.Member is null)
        {
            return false;
        }

        for (var i = index + 1; i < sequence.Count; i++)
        {
            var later = sequence[i];
            if (SameMember(later.Member, claim.Member))
            {
                return false;
            }

            if (later.Kind == ParameterContract.Claims && later.Certainty == Certainty.OnAllPaths && later.Group == claim.Group)
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameMember(ISymbol? a, ISymbol? b) => a is null ? b is null : SymbolEqualityComparer.Default.Equals(a, b);

#pragma warning disable RS1030 // Another method's body, in another document maybe: the driver hands out only the current one's model.
    private SemanticModel NewModel(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    /// <summary>The method's body operation (for the pre-filter) and how to get its graph; null when it has none here.</summary>
    private MethodBody? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            var syntax = reference.GetSyntax(cancellationToken);
            var model = method.MethodKind == MethodKind.LocalFunction
                ? _localFunctionModels.GetOrAdd(syntax.SyntaxTree, NewModel)
                : NewModel(syntax.SyntaxTree);
            switch (model.GetOperation(syntax, cancellationToken))
            {
                case IMethodBodyOperation body:
                    return new MethodBody(body, () => ControlFlowGraph.Create(body, cancellationToken));
                case IConstructorBodyOperation constructor:
                    return new MethodBody(constructor, () => ControlFlowGraph.Create(constructor, cancellationToken));
                case ILocalFunctionOperation local when local.Body is not null || local.IgnoredBody is not null:
                    return new MethodBody(local, () => LocalFunctionGraph(local, cancellationToken) ?? throw new AnalysisGaveUpException(GiveUpReason.SummaryTooLarge));
            }
        }

        return null;
    }

    /// <summary>A local function's graph is reached through its root's graph, then the local functions nested on the way.</summary>
    private ControlFlowGraph? LocalFunctionGraph(ILocalFunctionOperation local, CancellationToken cancellationToken)
    {
        var root = (IOperation)local;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        // One graph per enclosing body (by its syntax: each semantic model makes its own operations), shared:
        // Roslyn caches each local function's graph inside its parent's, so summarising the local functions of
        // one body does not rebuild the chain down to each of them. Local functions are found by symbol.
        var graph = _rootGraphs.TryGetValue(root.Syntax, out var cached) ? cached : root switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
            IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
            _ => null,
        };
        if (graph is not null && cached is null)
        {
            graph = _rootGraphs.GetOrAdd(root.Syntax, graph);
        }

        var pending = new Stack<ControlFlowGraph>();
        if (graph is not null)
        {
            pending.Push(graph);
        }

        while (pending.Count > 0)
        {
            var next = pending.Pop();
            foreach (var candidate in next.LocalFunctions)
            {
                var nested = next.GetLocalFunctionControlFlowGraph(candidate, cancellationToken);
                if (SymbolEqualityComparer.Default.Equals(candidate, local.Symbol))
                {
                    return nested;
                }

                pending.Push(nested);
            }
        }

        return null;
    }

    private sealed class MethodBody
    {
        public MethodBody(IOperation operation, Func<ControlFlowGraph> graph)
        {
            Operation = operation;
            Graph = graph;
        }

        public IOperation Operation { get; }

        public Func<ControlFlowGraph> Graph { get; }
    }

    /// <summary>Blocks every path from entry to a normal return goes through (computed per block, when asked).</summary>
    private sealed class OnEveryPath
    {
        private readonly ControlFlowGraph _graph;
        private readonly int[][] _successors;
        private readonly int[][] _handlers;
        private readonly Dictionary<int, bool> _known = new();

        public OnEveryPath(ControlFlowGraph graph)
        {
            _graph = graph;
            _successors = NormalPathSuccessors.Of(graph);
            _handlers = NormalPathSuccessors.Handlers(graph);
        }

        public bool Contains(int block) =>
            _known.TryGetValue(block, out var known) ? known : _known[block] = !ExitReachableAvoiding(block);

        private bool ExitReachableAvoiding(int avoided)
        {
            var exit = _graph.Blocks.Length - 1;
            if (avoided == 0 || avoided == exit)
            {
                return false;
            }

            var seen = new bool[_graph.Blocks.Length];
            var pending = new Stack<int>();
            pending.Push(0);
            seen[0] = true;
            while (pending.Count > 0)
            {
                var block = pending.Pop();
                foreach (var successor in _successors[block].Concat(_handlers[block]))
                {
                    if (successor == avoided)
                    {
                        // An exception raised in it before its effect still reaches its handlers.
                        foreach (var handler in _handlers[avoided].Where(h => !seen[h]))
                        {
                            seen[handler] = true;
                            pending.Push(handler);
                        }

                        continue;
                    }

                    if (seen[successor])
                    {
                        continue;
                    }

                    if (successor == exit)
                    {
                        return true;
                    }

                    seen[successor] = true;
                    pending.Push(successor);
                }
            }

            return false;
        }
    }

    private readonly struct SummaryKey : IEquatable<SummaryKey>
    {
        public SummaryKey(IMethodSymbol method, int depth)
        {
            Method = method;
            Depth = depth;
        }

        public IMethodSymbol Method { get; }

        public int Depth { get; }

        public bool Equals(SummaryKey other) => Depth == other.Depth && SymbolEqualityComparer.Default.Equals(Method, other.Method);

        public override bool Equals(object? obj) => obj is SummaryKey other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Method) * 397) ^ Depth;
    }
}
