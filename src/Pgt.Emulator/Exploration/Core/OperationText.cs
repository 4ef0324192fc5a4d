using System.Globalization;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>Short, stable text for an operation, as traces and reports print it: <c>W 0x3f800</c>, <c>acquire sync#3</c>.</summary>
internal static class OperationText
{
    public static string Format(Operation operation) => operation.Kind switch
    {
        OperationKind.Local => "local",
        OperationKind.Read => "R " + Resource(operation.Resource),
        OperationKind.Write => "W " + Resource(operation.Resource),
        OperationKind.ReadModifyWrite => "RMW " + Resource(operation.Resource),
        OperationKind.Acquire => "acquire " + Resource(operation.Resource),
        OperationKind.Release => "release " + Resource(operation.Resource),
        _ => "op" + ((int)operation.Kind).ToString(CultureInfo.InvariantCulture) + " " + Resource(operation.Resource),
    };

    /// <summary>The inverse of <see cref="Format"/>; null when <paramref name="text"/> is not an operation.</summary>
    public static Operation? Parse(string text)
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
