using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Values and views: assignments to variables (a new value) and writes to locations (reported, and the member path starts afresh).
internal sealed partial class OperationTransfer
{
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
