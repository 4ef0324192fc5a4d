using System.Globalization;
using System.Numerics;
using System.Text;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>
/// Short, stable text for an operation, as traces and reports print it: <c>W 0x3f800</c>,
/// <c>acquire sync#3</c>; more accesses of one step follow after <c> &amp; </c>, and so does its use of the
/// per-strand state: <c>W 0x3f800 &amp; W 0x40000 &amp; states:read-all</c>, <c>R sync#1 &amp; states:write-own</c>,
/// <c>W 0x3f800 &amp; states:read(T1,T3)</c> (a read of some strands' states only), <c>R sync#16 &amp; states:open-own</c>
/// (a section beginning), <c>RMW sync#1 &amp; states:ends(T2)</c> (a read of whether recorded sections ended),
/// <c>RMW sync#3 &amp; states:snapshot-all</c> (a record of every open section).
/// </summary>
internal static class OperationText
{
    private const string Separator = " & ";
    private const string WritesOwn = "states:write-own";
    private const string ReadsAll = "states:read-all";
    private const string ReadsSomePrefix = "states:read(";
    private const string OpensOwn = "states:open-own";
    private const string EndsAll = "states:ends-all";
    private const string EndsSomePrefix = "states:ends(";
    private const string SnapshotsAll = "states:snapshot-all";

    // The texts of the per-strand state accesses that name no strand set: a change of the strand's own
    // state, or a read of every strand's.
    private static readonly (StrandStateAccess Access, string Text)[] WholeStateTexts =
    [
        (StrandStateAccess.WritesOwn, WritesOwn),
        (StrandStateAccess.Reads, ReadsAll),
        (StrandStateAccess.OpensOwn, OpensOwn),
        (StrandStateAccess.Snapshots, SnapshotsAll),
        (StrandStateAccess.ReadsEnds, EndsAll),
    ];

    public static string Format(Operation operation)
    {
        var count = operation.AccessCount;
        if (count <= 1 && operation.StrandState == StrandStateAccess.None)
        {
            return FormatAccess(operation.Kind, operation.Resource);
        }

        var text = new StringBuilder(FormatAccess(operation.Kind, operation.Resource));
        for (var i = 1; i < count; i++)
        {
            var (kind, resource) = operation.Access(i);
            text.Append(Separator).Append(FormatAccess(kind, resource));
        }

        switch (operation.StrandState)
        {
            case StrandStateAccess.None:
                break;
            case StrandStateAccess.Reads or StrandStateAccess.ReadsEnds when operation.ReadStrands != Operation.AllStrands:
                AppendStrandSet(
                    text.Append(Separator).Append(operation.StrandState == StrandStateAccess.Reads ? ReadsSomePrefix : EndsSomePrefix),
                    operation.ReadStrands);
                break;
            default:
                text.Append(Separator).Append(Array.Find(WholeStateTexts, entry => entry.Access == operation.StrandState).Text);
                break;
        }

        return text.ToString();
    }

    private static void AppendStrandSet(StringBuilder text, ulong strands)
    {
        var first = true;
        for (var mask = strands; mask != 0; mask &= mask - 1)
        {
            text.Append(first ? "T" : ",T").Append(BitOperations.TrailingZeroCount(mask).ToString(CultureInfo.InvariantCulture));
            first = false;
        }

        text.Append(')');
    }

    /// <summary>The inverse of <see cref="Format"/>; null when <paramref name="text"/> is not an operation.</summary>
    public static Operation? Parse(string text)
    {
        var parts = text.Split(Separator);
        var operation = ParseAccess(parts[0]);
        if (operation is not { } result)
        {
            return null;
        }

        var last = parts.Length;
        var whole = parts.Length > 1 ? Array.FindIndex(WholeStateTexts, entry => entry.Text == parts[^1]) : -1;
        if (whole >= 0)
        {
            last--;
            result = result.With(WholeStateTexts[whole].Access);
        }
        else if (parts.Length > 1 && StrandSetPrefix(parts[^1]) is { } prefix)
        {
            if (ParseStrandSet(parts[^1], prefix.Length) is not { } strands)
            {
                return null;
            }

            last--;
            result = prefix == EndsSomePrefix ? result.ReadingEnds(strands) : result.ReadingStrands(strands);
        }

        if (last - 1 > Operation.MaxAccesses - 1 || (result.Kind == OperationKind.Local && last > 1))
        {
            return null;
        }

        for (var i = 1; i < last; i++)
        {
            if (ParseAccess(parts[i]) is not { Kind: not OperationKind.Local } more
                || result.AccessCount != i || IsDeclared(result, more.Resource))
            {
                return null;
            }

            result = result.And(more.Kind, more.Resource);
        }

        return result;
    }

    /// <summary>Which of the two strand-set reads <paramref name="text"/> starts with, or null.</summary>
    private static string? StrandSetPrefix(string text) =>
        text.StartsWith(ReadsSomePrefix, StringComparison.Ordinal) ? ReadsSomePrefix
        : text.StartsWith(EndsSomePrefix, StringComparison.Ordinal) ? EndsSomePrefix
        : null;

    /// <summary>The strands of <c>states:read(T1,T3)</c> or <c>states:ends(T1,T3)</c>; null when malformed or not ascending.</summary>
    private static ulong? ParseStrandSet(string text, int prefixLength)
    {
        if (!text.EndsWith(')'))
        {
            return null;
        }

        var inner = text[prefixLength..^1];
        ulong strands = 0;
        var previous = -1;
        foreach (var item in inner.Length == 0 ? [] : inner.Split(','))
        {
            if (!item.StartsWith('T')
                || !int.TryParse(item.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var strand)
                || strand <= previous || strand >= 64)
            {
                return null;
            }

            strands |= 1UL << strand;
            previous = strand;
        }

        return strands == Operation.AllStrands ? null : strands;
    }

    private static bool IsDeclared(Operation operation, ulong resource)
    {
        for (var i = 0; i < operation.AccessCount; i++)
        {
            if (operation.Access(i).Resource == resource)
            {
                return true;
            }
        }

        return false;
    }

    private static string FormatAccess(OperationKind kind, ulong resource) => kind switch
    {
        OperationKind.Local => "local",
        OperationKind.Read => "R " + Resource(resource),
        OperationKind.Write => "W " + Resource(resource),
        OperationKind.ReadModifyWrite => "RMW " + Resource(resource),
        OperationKind.Acquire => "acquire " + Resource(resource),
        OperationKind.Release => "release " + Resource(resource),
        OperationKind.SharedUpdate => "shared " + Resource(resource),
        _ => "op" + ((int)kind).ToString(CultureInfo.InvariantCulture) + " " + Resource(resource),
    };

    private static Operation? ParseAccess(string text)
    {
        if (text == "local")
        {
            return Operation.Local;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        OperationKind? kind = text[..space] switch
        {
            "R" => OperationKind.Read,
            "W" => OperationKind.Write,
            "RMW" => OperationKind.ReadModifyWrite,
            "acquire" => OperationKind.Acquire,
            "release" => OperationKind.Release,
            "shared" => OperationKind.SharedUpdate,
            _ => null,
        };
        var resource = ParseResource(text[(space + 1)..]);
        return kind is null || resource is null ? null : new Operation(kind.Value, resource.Value);
    }

    private static ulong? ParseResource(string text)
    {
        if (text.StartsWith("sync#", StringComparison.Ordinal)
            && uint.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Resources.Sync(unchecked((int)id));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address)
            && !Resources.IsSync(address))
        {
            return address;
        }

        return null;
    }

    private static string Resource(ulong resource) => Resources.IsSync(resource)
        ? "sync#" + (resource & ~(1UL << 63)).ToString(CultureInfo.InvariantCulture)
        : "0x" + resource.ToString("x", CultureInfo.InvariantCulture);
}
