// SPDX-License-Identifier: GPL-2.0
// Paraphrases zap_pte_range's rss[] vector and add_mm_rss_vec (mm/memory.c).

using Pgt.Emulator.Kernel;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Drivers;

/// <summary>The pages a zap cleared, per counter, counted out of the mm in one go after the loop (add_mm_rss_vec).</summary>
internal struct RssDelta
{
    private long _file;
    private long _anon;

    public void CountOut(MmCounter counter)
    {
        if (counter == MmCounter.AnonPages)
        {
            _anon--;
        }
        else
        {
            _file--;
        }
    }

    public readonly void AddTo(Machine m, [RequiresMm] Mm mm)
    {
        if (_file != 0)
        {
            m.AddMmCounter(mm, MmCounter.FilePages, _file);
        }

        if (_anon != 0)
        {
            m.AddMmCounter(mm, MmCounter.AnonPages, _anon);
        }
    }
}
