using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Values and views: assignments to variables (a new value) and writes to locations (reported, and the member path starts afresh).
internal sealed partial class OperationTransfer
{
    // What each flow capture of a location denotes: a fact of the graph, the same in every state.
    private readonly Dictionary<CaptureId, IOperation> _capturedLocations = new();

    // The receiver of the member being written (`page.RcuHead` in `page.RcuHead.Func = f`) while it is
    // evaluated: an [Overlay] member read there is written through, which writes its storage.
    private IOperation? _writtenThrough;

    // Captures of a ref local that names a variable, taken before a value with branches (`r = c ? a : b`): the variable.
    private readonly Dictionary<CaptureId, object> _capturedRefVariables = new();

    // What the graph's flow captures captured (shared with the solver's null tests).
    private readonly GraphCaptures _captures;

    // Ref locals that name a variable, not a location in an object (`ref var r = ref t`): reading r reads t,
    // assigning r assigns t. A fact of the graph (a ref local re-pointed elsewhere leaves it).
    private readonly Dictionary<ILocalSymbol, object> _refVariables = new(SymbolEqualityComparer.Default);

    private ValueSet Assign(IOperation target, IOperation value)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when target.Parent is ISimpleAssignmentOperation { IsRef: true }:
                if (NamedVariable(value) is { } named)
                {
                    _refVariables[local.Local] = named;
                    return ValueSet.Unknown;
                }

                _refVariables.Remove(local.Local);

                // `ref var w = ref x.F`: w now names a location inside x's memory (a view of x).
                var owners = LocationOwners(value);
                _state.Bind(new RefLocation(local.Local), owners);

                // Until written through, it reads what x.F reads (the view of x through F): `ListDel(w)` releases x.F.
                var member = StripConversions(value) switch
                {
                    IFieldReferenceOperation { Field.IsStatic: false } field => (ISymbol)field.Field,
                    IPropertyReferenceOperation { Property.IsStatic: false, Arguments.IsEmpty: true } property => property.Property,
                    _ => null,
                };
                // An element (`ref var page = ref map[pfn]`, `foreach (ref var t in span)`) is one object for
                // reads through the ref, as for a copy of it: a new one each time the ref is taken.
                _state.Bind(local.Local, IsForEachStep(target.Parent, value) || StripConversions(value) is IArrayElementReferenceOperation
                    ? Fresh(StripConversions(value))
                    : member is null ? ValueSet.Unknown : Views(owners, member, value, Contracts.IsMmSource(member)));
                return ValueSet.Unknown;
            case ILocalReferenceOperation { Local.IsRef: true } local when _refVariables.TryGetValue(local.Local, out var aliased):
            {
                var assigned = Visit(value);
                _state.Bind(aliased, assigned);
                return assigned;
            }

            case ILocalReferenceOperation { Local.IsRef: true } local:
            {
                // Assigning through a ref local writes the location it names.
                var assigned = Visit(value);
                ReportWrite(target, target, _state.Lookup(new RefLocation(local.Local)));
                _state.Bind(local.Local, ValueSet.Unknown);
                return assigned;
            }

            case ILocalReferenceOperation local:
            {
                var assigned = Visit(value);
                if (IsForEachStep(target.Parent, value))
                {
                    // enumerator.Current is another element on every iteration, not one view of the enumerator.
                    assigned = Fresh(value);
                }

                _state.Bind(local.Local, assigned);
                if (BindingKeyOf(value) is { } source)
                {
                    _state.CopyBindingGuards(source, local.Local);
                    _state.CopyIdentityGuards(source, local.Local);
                }

                AssignedTracked(local.Local, value);
                return assigned;
            }

            case IParameterReferenceOperation parameter:
            {
                var assigned = Visit(value);
                _state.Bind(parameter.Parameter, assigned);
                AssignedTracked(parameter.Parameter, value);
                return assigned;
            }

            case IFlowCaptureReferenceOperation reference when CapturedVariable(reference.Id) is { } variable and not CaptureId:
            {
                // The variable was captured before a value with branches (`t = c ? a : b`, `b = a ?? mm`): it gets the value.
                var assigned = Visit(value);
                _state.Bind(variable, assigned);
                if (variable is ISymbol symbol)
                {
                    AssignedTracked(symbol, value);
                }

                return assigned;
            }

            default:
            {
                if (AssignTupleElement(target, value) is { } element)
                {
                    return element;
                }

                var written = EvaluateWriteTarget(target);
                var assigned = target is IPropertyReferenceOperation { Property.SetMethod: { Parameters.Length: > 0 } setter } && AnyContract(setter)
                    ? Pass(target, setter, new[] { new PassedValue(value, setter.Parameters[setter.Parameters.Length - 1]) })[0].Values
                    : Visit(value);
                CommitWrite(written);
                BindInitOnly(written, assigned);
                NoteStoredDelegate(value, assigned);
                return assigned;
            }
        }
    }

    /// <summary>A tracked variable was assigned: a constant gives it that value, anything else makes it unknown.</summary>
    private void AssignedTracked(ISymbol variable, IOperation? value)
    {
        if (_guards.IsTracked(variable))
        {
            _state.AssignTracked(variable, BranchGuards.AssignedConstant(variable, value));
        }
    }

    /// <summary>The variable a capture took before a value with branches: a local or parameter, or what a ref local names.</summary>
    private object? CapturedVariable(CaptureId id) =>
        _captures.SourceOf(id) ?? (_capturedRefVariables.TryGetValue(id, out var named) ? named : null);

    /// <summary>The local or parameter a <c>ref</c> names (<c>ref t</c>, or a ref local that names one), or null.</summary>
    private object? NamedVariable(IOperation reference) => StripConversions(reference) switch
    {
        ILocalReferenceOperation { Local.IsRef: false } local => local.Local,
        IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => parameter.Parameter,
        ILocalReferenceOperation { Local.IsRef: true } refLocal when _refVariables.TryGetValue(refLocal.Local, out var named) => named,
        _ => null,
    };

    private static bool IsForEachStep(IOperation? assignment, IOperation value) =>
        assignment is { IsImplicit: true } step
        && (step.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
            || step.Syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
            || step.Syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.RefTypeSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax })
        && StripConversions(value) is IPropertyReferenceOperation { Property.Name: "Current" } or IArrayElementReferenceOperation;

    /// <summary><c>x += y</c>, <c>x ??= y</c>, <c>x++</c>: a local gets a new value; anything else is written.</summary>
    private ValueSet Update(IOperation operation, IOperation target, IOperation? value)
    {
        // `bin += table` with a user-defined `operator +(Bin b, [DeferredFree] PteTable t)` calls the operator
        // as `bin + table` does: its operands (the target's value, then the value) are passed to its parameters.
        var userOperator = operation is ICompoundAssignmentOperation { OperatorMethod: { } method } && AnyContract(method) ? method : null;

        if (target is ILocalReferenceOperation { Local.IsRef: true } aliasing && _refVariables.TryGetValue(aliasing.Local, out var aliased))
        {
            VisitOperand(_state.Lookup(aliased));
            var updated = Fresh(operation);
            _state.Bind(aliased, updated);
            return updated;
        }

        if (target is ILocalReferenceOperation { Local.IsRef: true } refLocal)
        {
            VisitOperand(ValueSet.Unknown);
            ReportWrite(target, target, _state.Lookup(new RefLocation(refLocal.Local)));
            return ValueSet.Unknown;
        }

        if (target is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            var key = target is ILocalReferenceOperation local ? (ISymbol)local.Local : ((IParameterReferenceOperation)target).Parameter;
            VisitOperand(_state.Lookup(key));
            var updated = Fresh(operation);
            _state.Bind(key, updated);
            AssignedTracked(key, value: null);
            return updated;
        }

        var written = EvaluateWriteTarget(target);
        VisitOperand(ValueSet.Unknown);
        CommitWrite(written);
        return ValueSet.Unknown;

        void VisitOperand(ValueSet current)
        {
            if (userOperator is { IsStatic: false, Parameters.Length: 1 } && value is not null)
            {
                // An instance compound operator (C# 14 `void operator +=(PteTable t)`) takes the value only.
                Pass(operation, userOperator, new[] { new PassedValue(value, userOperator.Parameters[0]) });
            }
            else if (userOperator is not null && value is not null)
            {
                PassOperands(operation, userOperator, target, current, value);
            }
            else
            {
                Visit(value);
            }
        }
    }

    /// <summary>
    /// <c>(a, b) = (x, y)</c>, <c>var (a, (b, c)) = ...</c>: the targets are evaluated first (receivers and
    /// indices), then the values, then every target gets its part, as C# does. A tuple literal's elements
    /// alias their targets like plain assignments, so <c>(a, b) = (b, a)</c> swaps what a and b track; a part
    /// of anything else (a call's tuple, a <c>Deconstruct</c>) is a new value.
    /// </summary>
    private ValueSet Deconstruct(IDeconstructionAssignmentOperation deconstruction)
    {
        var leaves = DeconstructionLeaf.Of(deconstruction.Target, deconstruction.Value);
        var written = new PendingWrite?[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Target is { } target && VariableOf(target) is null)
            {
                written[i] = EvaluateWriteTarget(target);
            }
        }

        var parts = new ValueSet?[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Value is { } value)
            {
                var evaluated = Visit(value);
                parts[i] = leaves[i].Target is null ? null : evaluated;
            }
        }

        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Target is not { } target)
            {
                continue;
            }

            if (VariableOf(target) is { } variable)
            {
                _state.Bind(variable, parts[i] ?? Fresh(target));
            }
            else
            {
                // A setter's contract applies as in `x.Retired = t`: `(x.Retired, y) = (t, u)` hands t to it.
                if (target is IPropertyReferenceOperation { Property.SetMethod: { Parameters.Length: > 0 } setter } && AnyContract(setter)
                    && leaves[i].Value is { } passed && parts[i] is { } values)
                {
                    Pass(target, setter, new[] { new PassedValue(passed, setter.Parameters[setter.Parameters.Length - 1], values) });
                }

                CommitWrite(written[i]);
            }
        }

        return ValueSet.Unknown;
    }

    /// <summary>Evaluates the receiver (and indices) of a written location, before the assigned value, as C# does.</summary>
    private PendingWrite? EvaluateWriteTarget(IOperation target)
    {
        switch (target)
        {
            case IPropertyReferenceOperation { Instance: { } instance } property when !property.Property.IsStatic:
            {
                var owners = VisitWrittenThrough(instance);
                VisitIndices(property, property.Arguments, written: true);
                return new PendingWrite(target, instance, owners, property.Property);
            }

            case IFieldReferenceOperation { Instance: { } instance } field when !field.Field.IsStatic:
                return new PendingWrite(target, instance, VisitWrittenThrough(instance), field.Field);
            case IArrayElementReferenceOperation element:
            {
                var owners = Visit(element.ArrayReference);
                foreach (var index in element.Indices)
                {
                    Visit(index);
                }

                return new PendingWrite(target, element.ArrayReference, owners, null);
            }

            case IInvocationOperation { TargetMethod.ReturnsByRef: true } invocation:
            {
                var owners = Visit(invocation);
                return new PendingWrite(target, RefReturnOwner(invocation) ?? invocation, owners, null);
            }

            case ILocalReferenceOperation { Local.IsRef: true } refLocal:
                return new PendingWrite(target, target, _state.Lookup(new RefLocation(refLocal.Local)), null);
            case IFlowCaptureReferenceOperation reference when _capturedLocations.TryGetValue(reference.Id, out var location):
            {
                // The graph's form of `x.F ??= v`: the location was captured (its receiver evaluated) before the test.
                var owners = _state.Lookup(new CapturedLocation(reference.Id));
                return location switch
                {
                    IPropertyReferenceOperation property => new PendingWrite(location, property.Instance, owners, property.Property),
                    IFieldReferenceOperation field => new PendingWrite(location, field.Instance, owners, field.Field),
                    IArrayElementReferenceOperation element => new PendingWrite(location, element.ArrayReference, owners, null),
                    ILocalReferenceOperation => new PendingWrite(location, location, owners, null),
                    IInvocationOperation invocation => new PendingWrite(location, RefReturnOwner(invocation) ?? invocation, owners, null),
                    _ => null,
                };
            }

            case IPropertyReferenceOperation property:
                VisitIndices(property, property.Arguments, written: true);
                return new PendingWrite(target, null, ValueSet.Unknown, property.Property);
            case IFieldReferenceOperation field:
                return new PendingWrite(target, null, ValueSet.Unknown, field.Field);
            default:
                Visit(target);
                return null;
        }
    }

    /// <summary>The receiver of a written member, evaluated; an <c>[Overlay]</c> member read as that receiver is written.</summary>
    private ValueSet VisitWrittenThrough(IOperation instance)
    {
        var outer = _writtenThrough;
        _writtenThrough = StripConversions(instance);
        try
        {
            return Visit(instance);
        }
        finally
        {
            _writtenThrough = outer;
        }
    }

    /// <summary>A ref-returning member names a location in its receiver's memory (or an extension's first argument's).</summary>
    private static IOperation? RefReturnOwner(IInvocationOperation invocation) =>
        invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    private void CommitWrite(PendingWrite? write)
    {
        if (write is null)
        {
            return;
        }

        if (write.Receiver is not null && !IsLocalStructStorage(write.Receiver))
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

    /// <summary>
    /// True when <paramref name="receiver"/> is a struct held in a local or a by-value parameter (or a struct
    /// field of one): writing its members changes that copy only, not the value it was copied from.
    /// </summary>
    private static bool IsLocalStructStorage(IOperation receiver)
    {
        for (var current = receiver; ;)
        {
            if (current.Type is not { IsValueType: true })
            {
                return false;
            }

            switch (current)
            {
                case ILocalReferenceOperation local:
                    return !local.Local.IsRef;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.RefKind == RefKind.None;
                case IFieldReferenceOperation { Instance: { } instance }:
                    current = instance;
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The values whose memory a <c>ref</c> names: <c>ref x.F</c>, <c>ref x[i]</c> and <c>ref x.M()</c> name
    /// a location in x (a view of x); another ref local names what it names.
    /// </summary>
    private ValueSet LocationOwners(IOperation location)
    {
        switch (StripConversions(location))
        {
            case IFieldReferenceOperation { Instance: { } instance, Field.IsStatic: false }:
                return Visit(instance);
            case IArrayElementReferenceOperation element:
            {
                var owners = Visit(element.ArrayReference);
                foreach (var index in element.Indices)
                {
                    Visit(index);
                }

                return owners;
            }

            case IPropertyReferenceOperation { Instance: { } instance, Property.IsStatic: false } property:
            {
                var owners = Visit(instance);
                VisitIndices(property, property.Arguments);
                return owners;
            }

            case ILocalReferenceOperation { Local.IsRef: true } refLocal:
                return _state.Lookup(new RefLocation(refLocal.Local));
            default:
                return Visit(location);
        }
    }

    /// <summary>
    /// A flow capture of a location the graph assigns later (<c>x.F ??= v</c> becomes: capture <c>x.F</c>, test it
    /// for null, assign the capture): its receiver is evaluated once, here, and its values kept for the write.
    /// </summary>
    private ValueSet CaptureLocation(IFlowCaptureOperation capture)
    {
        var location = StripConversions(capture.Value);
        _capturedLocations[capture.Id] = location;
        if (location is ILocalReferenceOperation or IInvocationOperation)
        {
            // A ref local, or a ref-returning member: the location it names is in the memory of these values.
            var read = Visit(location);
            var named = location is ILocalReferenceOperation refLocal ? _state.Lookup(new RefLocation(refLocal.Local)) : read;
            _state.Bind(new CapturedLocation(capture.Id), named);
            return read;
        }

        var receiver = location switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            _ => ((IArrayElementReferenceOperation)location).ArrayReference,
        };
        var owners = Visit(receiver);
        _state.Bind(new CapturedLocation(capture.Id), owners);

        // The read that `??=` tests (indices and indexer arguments are evaluated by the link).
        return ApplyLink(location, owners);
    }

    /// <summary>
    /// Whether a captured value is a location a later assignment of the capture writes: an instance field,
    /// property or array element, a ref local that does not name a variable (one that does is that variable,
    /// assigned, not written), or a ref-returning member (<c>t.Entry(0) = c ? 1 : 2</c>).
    /// </summary>
    private bool IsCapturedLocation(IOperation value) =>
        CapturedLocation.IsLocation(value)
        || StripConversions(value) is ILocalReferenceOperation { Local.IsRef: true } refLocal && !_refVariables.ContainsKey(refLocal.Local)
        || StripConversions(value) is IInvocationOperation { TargetMethod.ReturnsByRef: true };

    /// <summary>The binding key of the receiver values of a captured location (<see cref="CaptureLocation"/>).</summary>
    private sealed class CapturedLocation
    {
        public CapturedLocation(CaptureId id)
        {
            Id = id;
        }

        public CaptureId Id { get; }

        /// <summary>An instance field, property or an array element: a location a later assignment can write.</summary>
        public static bool IsLocation(IOperation value) => StripConversions(value) is
            IFieldReferenceOperation { Field.IsStatic: false, Instance: not null }
            or IPropertyReferenceOperation { Property.IsStatic: false, Instance: not null }
            or IArrayElementReferenceOperation;

        public override bool Equals(object? obj) => obj is CapturedLocation other && Id.Equals(other.Id);

        public override int GetHashCode() => Id.GetHashCode() ^ 0x5bd1e995;
    }

    /// <summary>The binding key of what a <c>ref</c> local names (the local's own key holds what it reads).</summary>
    private sealed class RefLocation
    {
        public RefLocation(ILocalSymbol local)
        {
            Local = local;
        }

        public ILocalSymbol Local { get; }

        public override bool Equals(object? obj) => obj is RefLocation other && SymbolEqualityComparer.Default.Equals(Local, other.Local);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Local);
    }
}
