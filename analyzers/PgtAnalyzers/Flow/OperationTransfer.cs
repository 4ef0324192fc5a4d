using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Annotations;

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
/// </remarks>
internal sealed class OperationTransfer
{
    private readonly BodyContext _body;
    private FlowState _state = null!;
    private bool _reporting;
    private int _depth;

    public OperationTransfer(BodyContext body)
    {
        _body = body;
    }

    private ValueTable Values => _body.Values;

    private ContractIndex Contracts => _body.Contracts;

    public void Apply(BasicBlock block, FlowState state, bool reporting)
    {
        _state = state;
        _reporting = reporting;
        _depth = 0;
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
        var links = new Stack<IOperation>();
        var innermost = outermost;
        while (ReceiverOf(innermost) is { } receiver)
        {
            links.Push(innermost);
            innermost = receiver;
        }

        var value = VisitOne(innermost);
        while (links.Count > 0)
        {
            value = ApplyLink(links.Pop(), value);
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
                return conversion.OperatorMethod is null ? receiver : Fresh(conversion);
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
                Visit(binary.RightOperand);
                return Fresh(binary);
        }
    }

    /// <summary>Evaluates an operation that is not a link of a chain (its operands recursively).</summary>
    private ValueSet VisitOne(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return _state.Lookup(local.Local);
            case IParameterReferenceOperation parameter:
                return _state.Lookup(parameter.Parameter);
            case IFlowCaptureReferenceOperation capture:
                return _state.Lookup(capture.Id);
            case IFlowCaptureOperation capture:
            {
                var value = Visit(capture.Value);
                _state.Bind(capture.Id, value);
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
            case IInvocationOperation invocation:
                return Call(invocation, invocation.TargetMethod, null, ValueSet.Unknown, invocation.Arguments);
            case IObjectCreationOperation creation:
            {
                Call(creation, creation.Constructor, null, ValueSet.Unknown, creation.Arguments);
                Visit(creation.Initializer);
                return Fresh(creation);
            }

            case IPropertyReferenceOperation property:
                VisitAll(property.Arguments);
                return ValueSet.Of(Values.StaticMember(property.Property, Contracts.IsMmSource(property.Property)));
            case IFieldReferenceOperation field:
                return ValueSet.Of(Values.StaticMember(field.Field, Contracts.IsMmSource(field.Field)));
            case IIsPatternOperation isPattern:
                BindPattern(isPattern.Pattern, Visit(isPattern.Value));
                return ValueSet.Unknown;
            case IFlowAnonymousFunctionOperation lambda:
                if (_reporting && !_body.Lambdas.Contains(lambda))
                {
                    _body.Lambdas.Add(lambda);
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
    private ValueSet Fresh(IOperation operation, bool isMmSource = false)
    {
        if (operation.Type is null || (operation.Type.IsValueType && operation.Type.SpecialType != SpecialType.None) || operation.Type.TypeKind == TypeKind.Enum)
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
        VisitAll(arguments);
        var group = Contracts.OverlayGroupOf(member);
        if (group is not null)
        {
            AccessOverlay(reference, OverlayAccess.Read, member, group, owners);
        }

        return Views(owners, member, reference, isMmSource);
    }

    private void VisitAll(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            Visit(argument.Value);
        }
    }

    private ValueSet Assign(IOperation target, IOperation value)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
            {
                var assigned = Visit(value);
                if (IsForEachStep(target.Parent, value))
                {
                    // enumerator.Current is another element on every iteration, not one view of the enumerator.
                    assigned = Fresh(value);
                }

                _state.Bind(local.Local, assigned);
                return assigned;
            }

            case IParameterReferenceOperation parameter:
            {
                var assigned = Visit(value);
                _state.Bind(parameter.Parameter, assigned);
                return assigned;
            }

            default:
            {
                var written = EvaluateWriteTarget(target);
                var assigned = Visit(value);
                CommitWrite(written);
                return assigned;
            }
        }
    }

    private static bool IsForEachStep(IOperation? assignment, IOperation value) =>
        assignment is { IsImplicit: true } step
        && (step.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
            || step.Syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax)
        && StripConversions(value) is IPropertyReferenceOperation { Property.Name: "Current" } or IArrayElementReferenceOperation;

    /// <summary><c>x += y</c>, <c>x ??= y</c>, <c>x++</c>: a local gets a new value; anything else is written.</summary>
    private ValueSet Update(IOperation operation, IOperation target, IOperation? value)
    {
        if (target is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            Visit(value);
            var key = target is ILocalReferenceOperation local ? (object)local.Local : ((IParameterReferenceOperation)target).Parameter;
            var updated = Fresh(operation);
            _state.Bind(key, updated);
            return updated;
        }

        var written = EvaluateWriteTarget(target);
        Visit(value);
        CommitWrite(written);
        return ValueSet.Unknown;
    }

    private ValueSet Deconstruct(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = new List<IOperation>();
        Flatten(deconstruction.Target, targets);
        var written = targets.Select(t => t is ILocalReferenceOperation or IParameterReferenceOperation ? null : EvaluateWriteTarget(t)).ToList();
        Visit(deconstruction.Value);
        for (var i = 0; i < targets.Count; i++)
        {
            switch (targets[i])
            {
                case ILocalReferenceOperation local:
                    _state.Bind(local.Local, ValueSet.Unknown);
                    break;
                case IParameterReferenceOperation parameter:
                    _state.Bind(parameter.Parameter, ValueSet.Unknown);
                    break;
                default:
                    CommitWrite(written[i]);
                    break;
            }
        }

        return ValueSet.Unknown;

        // Tuples nest without limit: an explicit stack, leaves in source order.
        static void Flatten(IOperation target, List<IOperation> into)
        {
            var pending = new Stack<IOperation>();
            pending.Push(target);
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case IDeclarationExpressionOperation declaration:
                        pending.Push(declaration.Expression);
                        break;
                    case ITupleOperation tuple:
                        for (var i = tuple.Elements.Length - 1; i >= 0; i--)
                        {
                            pending.Push(tuple.Elements[i]);
                        }

                        break;
                    case var leaf:
                        into.Add(leaf);
                        break;
                }
            }
        }
    }

    /// <summary>Evaluates the receiver (and indices) of a written location, before the assigned value, as C# does.</summary>
    private PendingWrite? EvaluateWriteTarget(IOperation target)
    {
        switch (target)
        {
            case IPropertyReferenceOperation { Instance: { } instance } property when !property.Property.IsStatic:
            {
                var owners = Visit(instance);
                VisitAll(property.Arguments);
                return new PendingWrite(target, instance, owners, property.Property);
            }

            case IFieldReferenceOperation { Instance: { } instance } field when !field.Field.IsStatic:
                return new PendingWrite(target, instance, Visit(instance), field.Field);
            case IArrayElementReferenceOperation element:
            {
                var owners = Visit(element.ArrayReference);
                foreach (var index in element.Indices)
                {
                    Visit(index);
                }

                return new PendingWrite(target, element.ArrayReference, owners, null);
            }

            case IPropertyReferenceOperation property:
                VisitAll(property.Arguments);
                return new PendingWrite(target, null, ValueSet.Unknown, property.Property);
            case IFieldReferenceOperation field:
                return new PendingWrite(target, null, ValueSet.Unknown, field.Field);
            default:
                Visit(target);
                return null;
        }
    }

    private void CommitWrite(PendingWrite? write)
    {
        if (write is null)
        {
            return;
        }

        if (write.Receiver is not null)
        {
            ReportWrite(write.Target, write.Receiver, write.Owners);
            var group = write.Member is null ? null : Contracts.OverlayGroupOf(write.Member);
            if (group is not null)
            {
                AccessOverlay(write.Target, OverlayAccess.Write, write.Member!, group, write.Owners);
            }
        }

        if (write.Member is IFieldSymbol or IPropertySymbol)
        {
            // The member now refers to another object. Variables that read it earlier keep the old object,
            // which moves, with its facts, to a value of its own; the member path starts afresh.
            var member = write.Member;
            var owners = write.Owners;
            var stale = write.Receiver is null
                ? new[] { Values.StaticMember(member, Contracts.IsMmSource(member)) }
                : Enumerable.Range(0, owners.Count).Select(i => owners[i]).Where(o => o != ValueTable.UnknownId).Select(o => Values.View(o, member, write.Target, false)).ToArray();
            foreach (var path in stale.Where(id => id != ValueTable.UnknownId && Values[id].Kind is ValueKind.View or ValueKind.StaticMember))
            {
                _state.Detach(path, DetachedValue(write.Target), id => id != path && Values.IsSelfOrDescendantOf(id, path));
            }
        }
    }

    /// <summary>
    /// The value the old object of a member takes when the member is assigned at <paramref name="site"/>.
    /// It is keyed by the site, so a loop that assigns the member again gets the same id for another
    /// object: what was known of the previous iteration's object is forgotten first, as for an allocation.
    /// </summary>
    private int DetachedValue(IOperation site)
    {
        var before = Values.Count;
        var id = Values.Origin(site, isMmSource: false);
        if (id != ValueTable.UnknownId && Values.Count == before)
        {
            _state.Forget(Values, id);
        }

        return id;
    }

    /// <summary>A call; <paramref name="receivers"/> are the values its <paramref name="instance"/> (if any) evaluated to.</summary>
    private ValueSet Call(IOperation call, IMethodSymbol? method, IOperation? instance, ValueSet receivers, ImmutableArray<IArgumentOperation> arguments)
    {
        var values = new ValueSet[arguments.Length];
        var contracts = new ParameterContract[arguments.Length];
        var overlayArguments = new (IOperation Reference, ISymbol Member, string Group, ValueSet Owners)?[arguments.Length];
        var refWrites = new PendingWrite?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            contracts[i] = Contracts.Of(argument.Parameter);
            var passed = StripConversions(argument.Value);
            if ((contracts[i] & (ParameterContract.Claims | ParameterContract.Releases | ParameterContract.AssumesReleased)) != 0
                && OverlayMember(passed) is { } overlay)
            {
                // The member itself is claimed or released, not read: only its object is evaluated.
                var owners = Visit(overlay.Instance);
                values[i] = Views(owners, overlay.Member, passed, isMmSource: false);
                overlayArguments[i] = (passed, overlay.Member, overlay.Group, owners);
            }
            else if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out } && passed is not (ILocalReferenceOperation or IParameterReferenceOperation or IDeclarationExpressionOperation))
            {
                refWrites[i] = EvaluateWriteTarget(passed);
                values[i] = ValueSet.Unknown;
            }
            else
            {
                values[i] = Visit(argument.Value);
            }
        }

        // The callee's contracts take effect at the call, after every argument was evaluated.
        for (var i = 0; i < arguments.Length; i++)
        {
            CommitWrite(refWrites[i]);
            if ((contracts[i] & ParameterContract.Writes) != 0)
            {
                ReportWrite(arguments[i].Value, arguments[i].Value, values[i]);
            }
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if ((contracts[i] & ParameterContract.RequiresMm) != 0 && method is not null && arguments[i].Parameter is { } parameter)
            {
                ReportMmArgument(arguments[i], method, parameter, values[i]);
            }
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if ((contracts[i] & ParameterContract.DeferredFree) != 0)
            {
                DeferFree(call, method, arguments[i].Value, values[i]);
            }
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (overlayArguments[i] is { } overlay)
            {
                var access = (contracts[i] & ParameterContract.Claims) != 0 ? OverlayAccess.Claim
                    : (contracts[i] & ParameterContract.Releases) != 0 ? OverlayAccess.Release
                    : OverlayAccess.AssumeRelease;
                AccessOverlay(overlay.Reference, access, overlay.Member, overlay.Group, overlay.Owners, EarlierCall.ForCall(call, method, overlay.Reference.Syntax));
            }
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if ((contracts[i] & ParameterContract.NoMm) != 0 && arguments[i].Parameter is { } parameter)
            {
                NoteNoMmTarget(arguments[i].Value, call, method, parameter);
            }

            if (arguments[i].Parameter is { RefKind: RefKind.Ref or RefKind.Out } && VariableOf(StripConversions(arguments[i].Value)) is { } variable)
            {
                _state.Bind(variable, ValueSet.Unknown);
            }
        }

        if (method is null || method.ReturnsVoid)
        {
            return ValueSet.Unknown;
        }

        if (Contracts.IsMmSource(method))
        {
            return ValueSet.Of(Values.Origin(call, isMmSource: true));
        }

        return instance is not null && !method.IsStatic ? Views(receivers, method, call, isMmSource: false) : Fresh(call);
    }

    /// <param name="target">The written location.</param>
    /// <param name="written">The expression written through, whose text the diagnostic quotes.</param>
    /// <param name="owners">The values it may hold.</param>
    private void ReportWrite(IOperation target, IOperation written, ValueSet owners)
    {
        if (!_reporting)
        {
            return;
        }

        var (fact, certainty) = StrongestDeferred(owners, includeAncestors: true);
        _body.Events.Add(new WriteEvent(target, written.Syntax.ToString(), fact, certainty));
    }

    private void DeferFree(IOperation call, IMethodSymbol? method, IOperation argument, ValueSet values)
    {
        if (_reporting)
        {
            var (previous, certainty) = StrongestDeferred(values, includeAncestors: false);
            _body.Events.Add(new DeferredFreeEvent(argument, argument.Syntax.ToString(), previous, certainty));
        }

        var origin = EarlierCall.ForCall(call, method);
        for (var i = 0; i < values.Count; i++)
        {
            var id = values[i];
            if (id == ValueTable.UnknownId || id == ValueTable.NullId)
            {
                continue;
            }

            var fact = new DeferredFact(values.IsSingle ? Certainty.OnAllPaths : Certainty.OnSomePaths, origin, byOwnContract: false);
            _state.Deferred[id] = fact;
        }
    }

    /// <summary>
    /// The strongest deferred-free fact over the values an expression may hold. On all paths only if every
    /// possible value (or something it is a view of) was deferred on all paths.
    /// </summary>
    private (DeferredFact? Fact, Certainty Certainty) StrongestDeferred(ValueSet values, bool includeAncestors)
    {
        DeferredFact? strongest = null;
        var allCertain = values.Count > 0;
        for (var i = 0; i < values.Count; i++)
        {
            DeferredFact? best = null;
            var candidates = includeAncestors ? Values.SelfAndAncestors(values[i]) : new[] { values[i] };
            foreach (var id in candidates)
            {
                if (id != ValueTable.UnknownId && _state.Deferred.TryGetValue(id, out var fact) && Stronger(fact, best))
                {
                    best = fact;
                }
            }

            allCertain &= best is { Certainty: Certainty.OnAllPaths };
            if (best is not null && Stronger(best, strongest))
            {
                strongest = best;
            }
        }

        return (strongest, allCertain ? Certainty.OnAllPaths : Certainty.OnSomePaths);

        static bool Stronger(DeferredFact fact, DeferredFact? than) =>
            than is null
            || fact.Certainty > than.Certainty
            || (fact.Certainty == than.Certainty && fact.Origin.Location.SourceSpan.Start < than.Origin.Location.SourceSpan.Start);
    }

    private void AccessOverlay(IOperation reference, OverlayAccess access, ISymbol member, string group, ValueSet owners, EarlierCall? claim = null)
    {
        if (_reporting)
        {
            var live = new List<LiveMember>();
            for (var i = 0; i < owners.Count; i++)
            {
                foreach (var pair in _state.Live.OrderBy(p => p.Value.Claim.Location.SourceSpan.Start))
                {
                    if (pair.Key.Owner == owners[i] && pair.Key.Group == group && owners[i] != ValueTable.UnknownId)
                    {
                        var certainty = owners.IsSingle && pair.Value.Certainty == Certainty.OnAllPaths ? Certainty.OnAllPaths : Certainty.OnSomePaths;
                        live.Add(new LiveMember(pair.Key.Member, pair.Value, certainty));
                    }
                }
            }

            _body.Events.Add(new OverlayAccessEvent(reference, access, member, group, live, _body.Method, Contracts));
        }

        if (access is OverlayAccess.Read or OverlayAccess.Write)
        {
            return;
        }

        for (var i = 0; i < owners.Count; i++)
        {
            var owner = owners[i];
            if (owner == ValueTable.UnknownId || owner == ValueTable.NullId)
            {
                continue;
            }

            var key = new OverlayKey(owner, group, member);
            if (access == OverlayAccess.Claim)
            {
                if (owners.IsSingle)
                {
                    // Claiming makes this member the group's only live one: the storage now holds it.
                    foreach (var stale in _state.Live.Keys.Where(k => k.Owner == owner && k.Group == group).ToList())
                    {
                        _state.Live.Remove(stale);
                    }

                    _state.Live[key] = new LiveFact(Certainty.OnAllPaths, claim!);
                }
                else
                {
                    _state.Live[key] = new LiveFact(Certainty.OnSomePaths, claim!);
                }
            }
            else if (owners.IsSingle)
            {
                _state.Live.Remove(key);
            }
            else if (_state.Live.TryGetValue(key, out var fact))
            {
                _state.Live[key] = fact.Join(null);
            }
        }
    }

    private void ReportMmArgument(IArgumentOperation argument, IMethodSymbol callee, IParameterSymbol parameter, ValueSet values)
    {
        if (!_reporting)
        {
            return;
        }

        var tracked = new List<TrackedValue>();
        for (var i = 0; i < values.Count; i++)
        {
            tracked.Add(Values[values[i]]);
        }

        _body.Events.Add(new MmArgumentEvent(argument, callee, parameter, noMm: null, tracked));
    }

    /// <summary>A lambda or local function passed to a <c>[NoMm]</c> parameter runs where there is no mm.</summary>
    private void NoteNoMmTarget(IOperation argument, IOperation call, IMethodSymbol? method, IParameterSymbol parameter)
    {
        var target = StripConversions(argument);
        if (target is IDelegateCreationOperation creation)
        {
            target = creation.Target;
        }

        ISymbol? code = target switch
        {
            IFlowAnonymousFunctionOperation lambda => lambda.Symbol,
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference => reference.Method.OriginalDefinition,
            _ => null,
        };
        if (code is null || _body.PassedToNoMm.ContainsKey(code))
        {
            return;
        }

        var origin = EarlierCall.ForCall(call, method);
        _body.PassedToNoMm.Add(code, new NoMmContext(
            origin,
            $"the code is passed to [NoMm] parameter '{parameter.Name}' of '{origin.Name}' on line {origin.Line}: there is no mm there"));
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
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    _state.Bind(local, matched);
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
                        _state.Bind(declared, matched);
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

    private (IOperation Instance, ISymbol Member, string Group)? OverlayMember(IOperation operation)
    {
        var (instance, member) = operation switch
        {
            IPropertyReferenceOperation property => (property.Instance, (ISymbol)property.Property),
            IFieldReferenceOperation field => (field.Instance, field.Field),
            _ => (null, null),
        };
        if (instance is null || member is null || member.IsStatic)
        {
            return null;
        }

        var group = Contracts.OverlayGroupOf(member);
        return group is null ? null : (instance, member, group);
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

    /// <summary>A written location whose receiver was evaluated; the write happens after the assigned value.</summary>
    private sealed class PendingWrite
    {
        public PendingWrite(IOperation target, IOperation? receiver, ValueSet owners, ISymbol? member)
        {
            Target = target;
            Receiver = receiver;
            Owners = owners;
            Member = member;
        }

        public IOperation Target { get; }

        public IOperation? Receiver { get; }

        public ValueSet Owners { get; }

        public ISymbol? Member { get; }
    }
}
