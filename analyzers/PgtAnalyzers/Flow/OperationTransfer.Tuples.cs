using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Tuples: `var pair = (table, other); Defer(pair.Item1);` defers table. A tuple's elements are the values put in it.
internal sealed partial class OperationTransfer
{
    /// <summary>A tuple literal: a new value whose elements hold what was evaluated into them.</summary>
    private ValueSet CreateTuple(ITupleOperation tuple)
    {
        var elements = new ValueSet[tuple.Elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = Visit(tuple.Elements[i]);
        }

        var created = Fresh(tuple);
        if (created.IsSingle)
        {
            for (var i = 0; i < elements.Length; i++)
            {
                _state.Bind(new TupleElement(created[0], i), elements[i]);
            }
        }

        return created;
    }

    /// <summary>
    /// The values of element <paramref name="field"/> of the tuples in <paramref name="owners"/>, when every one
    /// of them is a tuple this body made; false otherwise (a tuple from a call or a parameter is not known).
    /// </summary>
    private bool TryReadTupleElement(ISymbol field, ValueSet owners, out ValueSet values)
    {
        values = default;
        if (TupleIndex(field) is not { } index || !KnowsElements(owners, index))
        {
            return false;
        }

        for (var i = 0; i < owners.Count; i++)
        {
            var element = _state.Lookup(new TupleElement(owners[i], index));
            values = i == 0 ? element : values.Union(element);
        }

        return true;
    }

    /// <summary>Whether every value in <paramref name="owners"/> is a tuple this body made, with element <paramref name="index"/> bound.</summary>
    private bool KnowsElements(ValueSet owners, int index)
    {
        for (var i = 0; i < owners.Count; i++)
        {
            if (!_state.IsBound(new TupleElement(owners[i], index)))
            {
                return false;
            }
        }

        return owners.Count > 0;
    }

    /// <summary>
    /// <c>pair.Item1 = value</c> on a tuple this body made: the element holds the value from here on (on every
    /// tuple the variable may hold, so one of several keeps its earlier values too). Null for any other target.
    /// </summary>
    private ValueSet? AssignTupleElement(IOperation target, IOperation value)
    {
        if (target is not IFieldReferenceOperation { Instance: { } instance } field || TupleIndex(field.Field) is not { } index)
        {
            return null;
        }

        // Only a tuple held by a local or parameter, read without effects here; one in an object's field is
        // that object's memory, written as any other member.
        var owners = StripConversions(instance) switch
        {
            ILocalReferenceOperation { Local.IsRef: false } local => _state.Lookup(local.Local),
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => _state.Lookup(parameter.Parameter),
            _ => default,
        };
        if (!KnowsElements(owners, index))
        {
            return null;
        }

        var assigned = Visit(value);
        for (var i = 0; i < owners.Count; i++)
        {
            var key = new TupleElement(owners[i], index);
            _state.Bind(key, owners.Count == 1 ? assigned : _state.Lookup(key).Union(assigned));
        }

        return assigned;
    }

    /// <summary>The 0-based element index of a tuple field (a named element is its ItemN), or null for any other member.</summary>
    private static int? TupleIndex(ISymbol member)
    {
        if (member is not IFieldSymbol { ContainingType.IsTupleType: true } field)
        {
            return null;
        }

        var name = (field.CorrespondingTupleField ?? field).Name;
        return name.StartsWith("Item", System.StringComparison.Ordinal) && int.TryParse(name.Substring(4), out var number) && number is >= 1 and <= 7
            ? number - 1
            : null;
    }

    /// <summary>The binding key of one element of one tuple value.</summary>
    private sealed class TupleElement
    {
        public TupleElement(int tuple, int index)
        {
            Tuple = tuple;
            Index = index;
        }

        public int Tuple { get; }

        public int Index { get; }

        public override bool Equals(object? obj) => obj is TupleElement other && other.Tuple == Tuple && other.Index == Index;

        public override int GetHashCode() => (Tuple * 8) + Index;
    }
}
