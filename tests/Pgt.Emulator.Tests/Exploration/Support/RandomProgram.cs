using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>
/// Generates small random concurrent programs over a few shared words and one lock, for checking that a
/// reduction reaches every state the full search reaches. Each strand is a list of reads, writes, atomic
/// increments and locked sections; its final state includes every value it read.
/// </summary>
internal sealed class RandomProgram
{
    private readonly List<List<Instruction>> _strands = new();
    private readonly int _words;

    /// <param name="flags">Also use a one-shot flag (set / wait): blocking that is not a lock, and deadlocks.</param>
    public RandomProgram(int seed, int strandCount, int length, int words, bool flags = false)
    {
        this._words = words;
        var random = new Random(seed);
        for (var s = 0; s < strandCount; s++)
        {
            var code = new List<Instruction>();
            while (code.Count < length)
            {
                var word = random.Next(words);
                switch (random.Next(flags ? 7 : 5))
                {
                    case 5:
                        code.Add(new Instruction(Op.SetFlag, 0, 0));
                        break;
                    case 6:
                        code.Add(new Instruction(Op.WaitFlag, 0, 0));
                        break;
                    case 0:
                    case 1:
                        code.Add(new Instruction(Op.Read, word, 0));
                        break;
                    case 2:
                        code.Add(new Instruction(Op.Write, word, (ulong)(10 * (s + 1) + code.Count)));
                        break;
                    case 3:
                        code.Add(new Instruction(Op.Increment, word, 0));
                        break;
                    default:
                        code.Add(new Instruction(Op.Lock, 0, 0));
                        code.Add(new Instruction(random.Next(2) == 0 ? Op.Read : Op.Increment, word, 0));
                        code.Add(new Instruction(Op.Unlock, 0, 0));
                        break;
                }
            }

            _strands.Add(code);
        }
    }

    public override string ToString() =>
        string.Join(" || ", _strands.Select(code => string.Join("; ", code.Select(i => i.ToString()))));

    public Scenario Build(Action<string> report) => new("random-program", execution =>
    {
        var memory = new SharedWords(execution, _words);
        var guard = new TestLock(execution, 1);
        var flag = new Flag(execution, 2);
        var reads = new List<ulong>[_strands.Count];
        for (var s = 0; s < _strands.Count; s++)
        {
            var code = _strands[s];
            var seen = reads[s] = new List<ulong>();
            execution.Spawn($"s{s}", () =>
            {
                foreach (var instruction in code)
                {
                    switch (instruction.Op)
                    {
                        case Op.Read:
                            seen.Add(memory.Read(instruction.Word));
                            break;
                        case Op.Write:
                            memory.Write(instruction.Word, instruction.Value);
                            break;
                        case Op.Increment:
                            seen.Add(memory.AtomicIncrement(instruction.Word));
                            break;
                        case Op.Lock:
                            guard.Lock();
                            break;
                        case Op.Unlock:
                            guard.Unlock();
                            break;
                        case Op.SetFlag:
                            flag.Set();
                            break;
                        case Op.WaitFlag:
                            flag.Wait();
                            break;
                    }
                }
            });
        }

        execution.AtEnd(() => report(memory.Snapshot() + " | " + string.Join(" | ", reads.Select(r => string.Join(",", r)))));
    });

    private enum Op
    {
        Read,
        Write,
        Increment,
        Lock,
        Unlock,
        SetFlag,
        WaitFlag,
    }

    private readonly record struct Instruction(Op Op, int Word, ulong Value)
    {
        public override string ToString() => Op switch
        {
            Op.Read => $"r{Word}",
            Op.Write => $"w{Word}={Value}",
            Op.Increment => $"inc{Word}",
            Op.Lock => "lock",
            Op.Unlock => "unlock",
            Op.SetFlag => "set",
            _ => "wait",
        };
    }
}
