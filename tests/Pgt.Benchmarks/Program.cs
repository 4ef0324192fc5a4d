return Pgt.Benchmarks.BenchmarkProgram.Run(args, Console.Out, Console.Error);
