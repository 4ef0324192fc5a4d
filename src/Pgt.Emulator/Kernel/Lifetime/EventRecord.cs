
namespace Pgt.Emulator.Kernel;

/// <summary>
/// Who did something and where: the strand, the step, the emulated stack and the call site, as KASAN
/// keeps alloc/free/aux stacks. <see cref="What"/> names the primitive (<c>call_rcu</c>, <c>list_del</c>).
/// </summary>
internal readonly record struct EventRecord(int Strand, int Step, int Stack, Callsite Site, string What)
{
    public bool IsSet => What is not null;
}
