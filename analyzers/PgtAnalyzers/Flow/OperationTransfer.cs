using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The transfer function: evaluates the operations of one basic block over a <see cref="FlowState"/>,
/// tracking which abstract values every expression may hold, applying the contracts of called methods
/// (deferred free, claims, releases) and, in the reporting pass, recording each relevant use as an event.
/// </summary>
/// <remarks>
/// What counts as a write through a value v (documented on PGT001.md): assigning an element or indexer of v
/// (<c>v[i] = x</c>), a field or property of v (<c>v.F = x</c>), compound assignment, <c>??=</c>, <c>++</c>/<c>--</c>
/// and deconstruction into such targets, passing v to a <c>[Writes]</c> parameter, and passing an element or
/// member of v by <c>ref</c>/<c>out</c>. v may be reached through any view: a value obtained from v through
/// one of v's own instance members (property, field, indexer or method) is v's memory.
/// <para>The class is split by fact: this file evaluates expressions to values and views;
/// <c>.Assignments</c> binds variables and commits writes; <c>.Calls</c> evaluates arguments and applies the
/// callee's contracts; <c>.Deferral</c>, <c>.Overlay</c> and <c>.Mm</c> keep the facts the four rules read.</para>
/// </remarks>
internal sealed partial class OperationTransfer
{
    private readonly BodyWorkspace _body;

    // The links of the chains under evaluation, innermost chain's last (see VisitChain).
    private readonly List<IOperation> _links = new();
    private FlowState _state = null!;
    private bool _reporting;
    private int _depth;

    // Which bools are tracked by value: a deferral and a use under opposite values never meet.
    private readonly BranchGuards _guards;

    public OperationTransfer(BodyWorkspace body, GraphCaptures captures, BranchGuards guards)
    {
        _guards = guards;
        _body = body;
        _captures = captures;
    }

    private ValueTable Values => _body.Values;

    private ContractIndex Contracts => _body.Contracts;

    public void Apply(BasicBlock block, FlowState state, bool reporting)
    {
        _state = state;
        _reporting = reporting;
        _depth = 0;
        _links.Clear();
        foreach (var operation in block.Operations)
        {
            Visit(operation);
        }

        if (block.BranchValue is not null)
        {
            Visit(block.BranchValue);
        }
    }

    /// <summary>
    /// Evaluates one operation. Recursion follows the nesting of the expression, so it is capped
    /// (<see cref="AnalysisBudget.MaxNestingDepth"/>) and guarded against a short stack; a chain that nests
    /// only through its first operand is walked by <see cref="VisitChain"/> at one level.
    /// </summary>
    private ValueSet Visit(IOperation? operation)
    {
        if (operation is null)
        {
            return ValueSet.Unknown;
        }

        if (++_depth > AnalysisBudget.MaxNestingDepth)
        {
            throw new AnalysisGaveUpException(GiveUpReason.TooDeep);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var value = ReceiverOf(operation) is null ? VisitOne(operation) : VisitChain(operation);
        _depth--;
        return value;
    }

    /// <summary>
    /// The operand an operation evaluates first and builds on (<c>x</c> in <c>x.F</c>, <c>x.M()</c>, <c>x[i]</c>,
    /// <c>x + y</c>, <c>(T)x</c>), or null when it is not such a link. Long chains of links are common in real
    /// code (fluent calls, string concatenation) and are evaluated iteratively.
    /// </summary>
    private static IOperation? ReceiverOf(IOperation operation) => operation switch
    {
        IConversionOperation conversion => conversion.Operand,
        IInvocationOperation invocation => invocation.Instance,
        IPropertyReferenceOperation { Property.IsStatic: false } property => property.Instance,
        IFieldReferenceOperation { Field.IsStatic: false } field => field.Instance,
        IArrayElementReferenceOperation element => element.ArrayReference,
        IBinaryOperation binary => binary.LeftOperand,
        _ => null,
    };

    /// <summary>Evaluates a chain innermost first: the same order and effects as recursing through the receivers.</summary>
    private ValueSet VisitChain(IOperation outermost)
    {
        // One list for every chain of the body, used as a stack: a chain evaluated inside this one (an argument,
        // an index) pushes above this chain's links and pops back to them before this chain goes on.
        var bottom = _links.Count;
        var innermost = outermost;
        while (ReceiverOf(innermost) is { } receiver)
        {
            _links.Add(innermost);
            innermost = receiver;
        }

        var value = VisitOne(innermost);
        while (_links.Count > bottom)
        {
            var link = _links[_links.Count - 1];
            _links.RemoveAt(_links.Count - 1);
            value = ApplyLink(link, value);
        }

        return value;
    }

    /// <summary>The rest of a link's evaluation, once its receiver evaluated to <paramref name="receiver"/>.</summary>
    private ValueSet ApplyLink(IOperation link, ValueSet receiver)
    {
        switch (link)
        {
            case IConversionOperation conversion:
                // A reference or boxing conversion is the same object; a user-defined one makes a new value.
                if (AnyContract(conversion.OperatorMethod))
                {
                    PassOperands(conversion, conversion.OperatorMethod!, conversion.Operand, receiver, second: null);
                }

                return conversion.OperatorMethod is null ? receiver : Fresh(conversion);
            case IInvocationOperation invocation when IsWithClone(invocation):
                return CloneWith(invocation, receiver);
            case IInvocationOperation invocation:
                return Call(invocation, invocation.TargetMethod, invocation.Instance, receiver, invocation.Arguments);
            case IPropertyReferenceOperation property:
                return ReadMember(property, property.Property, receiver, property.Arguments);
            case IFieldReferenceOperation field:
                return ReadMember(field, field.Field, receiver, ImmutableArray<IArgumentOperation>.Empty);
            case IArrayElementReferenceOperation element:
                foreach (var index in element.Indices)
                {
                    Visit(index);
                }

                // Each element is its own object (pages[i] is not pages[j]): a fresh value per evaluation.
                return Fresh(element);
            default:
                var binary = (IBinaryOperation)link;
                if (AnyContract(binary.OperatorMethod))
                {
                    PassOperands(binary, binary.OperatorMethod!, binary.LeftOperand, receiver, binary.RightOperand);
                }
                else
                {
                    Visit(binary.RightOperand);
                }

                return Fresh(binary);
        }
    }

    /// <summary>Evaluates an operation that is not a link of a chain (its operands recursively).</summary>
    private ValueSet VisitOne(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return local.Local.IsRef && _refVariables.TryGetValue(local.Local, out var aliased) ? _state.Lookup(aliased) : _state.Lookup(local.Local);
            case IParameterReferenceOperation parameter:
                return _state.Lookup(parameter.Parameter);
            case IFlowCaptureReferenceOperation capture:
                return _state.Lookup(capture.Id);
            case IFlowCaptureOperation capture:
            {
                if (StripConversions(capture.Value) is ILocalReferenceOperation { Local.IsRef: true } refLocal && _refVariables.TryGetValue(refLocal.Local, out var named))
                {
                    _capturedRefVariables[capture.Id] = named;
                }

                var value = IsCapturedLocation(capture.Value) ? CaptureLocation(capture) : Visit(capture.Value);
                _state.Bind(capture.Id, value);
                if (BindingKeyOf(capture.Value) is { } source)
                {
                    _state.CopyBindingGuards(source, capture.Id);
                }

                return value;
            }

            case IInstanceReferenceOperation:
                return ValueSet.Of(Values.This());
            case ILiteralOperation literal:
                return literal.ConstantValue.HasValue && literal.ConstantValue.Value is null ? ValueSet.Of(ValueTable.NullId) : ValueSet.Unknown;
            case IDefaultValueOperation:
                return ValueSet.Of(ValueTable.NullId);
            case ISimpleAssignmentOperation assignment:
                return Assign(assignment.Target, assignment.Value);
            case ICompoundAssignmentOperation compound:
                return Update(compound, compound.Target, compound.Value);
            case ICoalesceAssignmentOperation coalesce:
                return Update(coalesce, coalesce.Target, coalesce.Value);
            case IIncrementOrDecrementOperation increment:
                return Update(increment, increment.Target, null);
            case IDeconstructionAssignmentOperation deconstruction:
                return Deconstruct(deconstruction);
            case ITupleOperation tuple:
                return CreateTuple(tuple);
            case IInvocationOperation invocation:
                return Call(invocation, invocation.TargetMethod, null, ValueSet.Unknown, invocation.Arguments);
            case IObjectCreationOperation creation:
                return CreateObject(creation);

            case IPropertyReferenceOperation property:
                VisitIndices(property, property.Arguments);
                return ValueSet.Of(Values.StaticMember(property.Property, Contracts.IsMmSource(property.Property)));
            case IFieldReferenceOperation field:
                return ValueSet.Of(Values.StaticMember(field.Field, Contracts.IsMmSource(field.Field)));
            case IIsPatternOperation isPattern:
                BindPattern(isPattern.Pattern, Visit(isPattern.Value));
                return ValueSet.Unknown;
            case IFlowAnonymousFunctionOperation lambda:
                if (_reporting)
                {
                    _body.LambdasMet.Add(lambda);
                }

                return Fresh(lambda);
            case IDelegateCreationOperation creation:
                Visit(creation.Target);
                return Fresh(creation);
            case IMethodReferenceOperation reference:
                Visit(reference.Instance);
                return Fresh(reference);
            case IArgumentOperation argument:
                return Visit(argument.Value);
            case IUnaryOperation { OperatorMethod: { } unaryOperator } unary when AnyContract(unaryOperator):
                PassOperands(unary, unaryOperator, unary.Operand, Visit(unary.Operand), second: null);
                return Fresh(unary);
            default:
                foreach (var child in operation.ChildOperations)
                {
                    Visit(child);
                }

                return Fresh(operation);
        }
    }

    /// <summary>
    /// The value an operation creates. Evaluating the same site again (a loop) makes a new object, so the
    /// old one's facts and aliases are forgotten first.
    /// </summary>
    private ValueSet Fresh(IOperation operation, bool isMmSource = false) => Fresh(operation, operation.Type, isMmSource);

    /// <summary>As above, for a site whose operation has no type of its own (an argument) and the type of what it makes.</summary>
    private ValueSet Fresh(IOperation operation, ITypeSymbol? type, bool isMmSource)
    {
        if (type is null || (type.IsValueType && type.SpecialType != SpecialType.None) || type.TypeKind == TypeKind.Enum)
        {
            return ValueSet.Unknown;
        }

        var before = Values.Count;
        var id = Values.Origin(operation, isMmSource);
        if (id != ValueTable.UnknownId && Values.Count == before)
        {
            _state.Forget(Values, id);
        }

        return ValueSet.Of(id);
    }

    private ValueSet Views(ValueSet owners, ISymbol? member, IOperation origin, bool isMmSource)
    {
        var result = default(ValueSet);
        var first = true;
        for (var i = 0; i < owners.Count; i++)
        {
            var view = ValueSet.Of(Values.View(owners[i], member, origin, isMmSource));
            result = first ? view : result.Union(view);
            first = false;
        }

        return first ? ValueSet.Unknown : result;
    }

    /// <summary>An instance member read through <paramref name="owners"/>, the values its receiver evaluated to.</summary>
    private ValueSet ReadMember(IOperation reference, ISymbol member, ValueSet owners, ImmutableArray<IArgumentOperation> arguments)
    {
        var isMmSource = Contracts.IsMmSource(member);
        VisitIndices(reference, arguments);
        if (TryReadTupleElement(member, owners, out var elements))
        {
            return elements;
        }

        owners = ThroughClones(member, owners);

        var group = Contracts.OverlayGroupOf(member);
        if (group is not null)
        {
            AccessOverlay(reference, reference == _writtenThrough ? OverlayAccess.Write : OverlayAccess.Read, member, group, owners);
        }

        // An indexer's getter is a call with the index: `batch[i]` is a call result (one per site, new each time
        // the site runs), not the one member `batch[0]` and `batch[1]` would share.
        if (!arguments.IsEmpty && group is null && !isMmSource && member is IPropertySymbol { GetMethod: { } getter })
        {
            return CallResults(owners, getter, reference);
        }

        return ReadThroughInitialized(member, owners, reference, isMmSource);
    }

    /// <summary>
    /// An indexer's indices, evaluated; passed to its parameters when one has a contract
    /// (<c>this[[DeferredFree] PteTable t]</c>), so the common <c>table[i]</c> costs nothing more.
    /// </summary>
    private void VisitIndices(IOperation reference, ImmutableArray<IArgumentOperation> arguments, bool written = false)
    {
        if (reference is IPropertyReferenceOperation { Property: var indexer } && AnyContract(arguments))
        {
            Pass(reference, written ? indexer.SetMethod ?? indexer.GetMethod : indexer.GetMethod ?? indexer.SetMethod, PassedValue.Of(arguments));
            return;
        }

        foreach (var argument in arguments)
        {
            Visit(argument.Value);
        }
    }

    private bool AnyContract(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (Contracts.Of(argument.Parameter) != ParameterContract.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A user-defined operator or conversion: its operands are passed to its parameters.</summary>
    private void PassOperands(IOperation operation, IMethodSymbol method, IOperation first, ValueSet firstValues, IOperation? second)
    {
        var parameters = method.Parameters;
        var passed = second is null || parameters.Length < 2
            ? new[] { new PassedValue(first, parameters.Length > 0 ? parameters[0] : null, firstValues) }
            : new[] { new PassedValue(first, parameters[0], firstValues), new PassedValue(second, parameters[1]) };
        Pass(operation, method, passed);
    }

    private bool AnyContract(IMethodSymbol? method)
    {
        if (method is null)
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (Contracts.Of(parameter) != ParameterContract.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Binds the variables a pattern declares to the values they match: the tested value itself, or a view of
    /// it through a property pattern's member. Walked with an explicit stack (patterns nest without limit),
    /// depth first and left to right, as a recursive walk would.
    /// </summary>
    private void BindPattern(IPatternOperation? pattern, ValueSet value)
    {
        var pending = new Stack<(IOperation? Pattern, ValueSet Value)>();
        pending.Push((pattern, value));
        while (pending.Count > 0)
        {
            var (next, matched) = pending.Pop();
            switch (next)
            {
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } declaration:
                    // `is Mm m` matches no null; `is var m` matches anything.
                    _state.Bind(local, declaration.MatchesNull ? matched : matched.WithoutNull());
                    break;
                case IPropertySubpatternOperation sub:
                {
                    // The member's view is made when its turn comes, so values are created in source order.
                    var member = sub.Member switch
                    {
                        IPropertyReferenceOperation property => property.Property,
                        IFieldReferenceOperation field => (ISymbol)field.Field,
                        _ => null,
                    };
                    var subValue = member is null ? ValueSet.Unknown : Views(matched, member, sub.Member, Contracts.IsMmSource(member));
                    pending.Push((sub.Pattern, subValue));
                    break;
                }

                case IRecursivePatternOperation recursive:
                    if (recursive.DeclaredSymbol is ILocalSymbol declared)
                    {
                        // `is { } m` matches no null.
                        _state.Bind(declared, matched.WithoutNull());
                    }

                    for (var i = recursive.DeconstructionSubpatterns.Length - 1; i >= 0; i--)
                    {
                        pending.Push((recursive.DeconstructionSubpatterns[i], ValueSet.Unknown));
                    }

                    for (var i = recursive.PropertySubpatterns.Length - 1; i >= 0; i--)
                    {
                        pending.Push((recursive.PropertySubpatterns[i], matched));
                    }

                    break;
                case IBinaryPatternOperation binary:
                    pending.Push((binary.RightPattern, matched));
                    pending.Push((binary.LeftPattern, matched));
                    break;
                case INegatedPatternOperation negated:
                    pending.Push((negated.Pattern, matched));
                    break;
            }
        }
    }

    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static object? VariableOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local } => local.Local,
        _ => null,
    };
}
