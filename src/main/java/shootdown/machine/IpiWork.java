package shootdown.machine;

/** What a CPU does when it takes an IPI (the function of {@code on_each_cpu()}). */
public interface IpiWork {
    void run(MachineCore core, int cpu);

    String describe();

    /** The work's function, without its arguments: what cost counters group by. */
    default String name() {
        String text = describe();
        int paren = text.indexOf('(');
        return paren < 0 ? text : text.substring(0, paren);
    }

    /** What running the work on {@code cpu} touches; undescribed work conflicts with everything. */
    default Footprint footprint(int cpu) {
        return Footprint.EVERYTHING;
    }

    /** {@code do_flush_tlb_all()} (or an INVLPGB of everything landing): drop every entry, non-leaf ones too. */
    IpiWork FLUSH_TLB_ALL = new IpiWork() {
        @Override public void run(MachineCore core, int cpu) { core.tlbs.flushAllThenRefill(cpu, core.map, core.pscs); }
        @Override public String describe() { return "flush_tlb_all"; }
        @Override public Footprint footprint(int cpu) { return refill(cpu); }
    };

    /** {@code __cpa_flush_tlb()}: {@code flush_tlb_one_kernel()} for each page. */
    static IpiWork flushPages(long... pages) {
        long[] copy = pages.clone();
        StringBuilder text = new StringBuilder("flush_tlb_one_kernel(");
        for (int i = 0; i < copy.length; i++) text.append(i == 0 ? "" : ",").append(Hex.of(copy[i]));
        String description = text.append(')').toString();
        return new IpiWork() {
            @Override public void run(MachineCore core, int cpu) {
                for (long page : copy) core.tlbs.flushOneThenRefill(cpu, page, core.map, core.pscs);
            }
            @Override public Footprint footprint(int cpu) { return refill(cpu); }
            @Override public String describe() { return description; }
        };
    }

    /** A flush drops entries, then the TLB may refill from the live page tables at once. */
    static Footprint refill(int cpu) {
        return Footprint.NOTHING.writesTlb(cpu).readsPageTables();
    }
}
