using System.Text;

namespace Pgt.Cli.Tests.Support;

/// <summary>A captured stream that calls <paramref name="onMarker"/> once, the first time <paramref name="marker"/> is written.</summary>
public sealed class TriggerWriter(string marker, Action onMarker) : StringWriter
{
    private bool _fired;

    public override void Write(string? value)
    {
        base.Write(value);
        if (!_fired && value is not null && value.Contains(marker, StringComparison.Ordinal))
        {
            _fired = true;
            onMarker();
        }
    }

    public override void Write(char value) => base.Write(value);

    public override Encoding Encoding => Encoding.UTF8;
}
