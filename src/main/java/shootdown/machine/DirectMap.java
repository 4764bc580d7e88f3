package shootdown.machine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The kernel direct map: a PUD table (1G entries) as root, PMD tables (2M entries) and PTE
 * tables (4K entries) below it. Virtual page {@code v} maps frame {@code v}. Entries are read
 * and written one at a time; page-table pages are allocated, published and freed explicitly,
 * so a page that is neither reachable nor freed is a leak.
 */
final class DirectMap {
    static final int ROOT = 0;

    /** By id; ids are handed out in order, so the array is dense. */
    private PageTablePage[] tables = new PageTablePage[4];
    /** Tables this map may write in place; the others are shared with copies and copied on first write. */
    private final BitSet owned = new BitSet();
    private final BitSet freed = new BitSet();
    /** Tables an entry has pointed at, at some moment. */
    private final BitSet published = new BitSet();
    private int nextId = ROOT;
    /** Set once a copy shares this map's tables: it is never written again (search snapshots are not). */
    private boolean frozen;
    /** Where this map reports what a step touches (set by its machine). */
    Accesses accesses = new Accesses();

    DirectMap() {
        allocate(PageSize.SIZE_1G);
    }

    /**
     * An independent copy (a machine snapshot) that shares every table until it writes one. This
     * map is frozen: it is not written again, so threads may copy it at once.
     */
    DirectMap copy() {
        frozen = true;
        DirectMap out = new DirectMap(true);
        out.tables = tables.clone();
        out.freed.or(freed);
        out.published.or(published);
        out.nextId = nextId;
        return out;
    }

    /** The table, ready to be written by this map alone. */
    private PageTablePage writable(int id) {
        if (frozen) throw new IllegalStateException("a machine that was copied is not written again");
        PageTablePage table = table(id);
        if (owned.get(id)) return table;
        PageTablePage mine = table.copy();
        tables[id] = mine;
        owned.set(id);
        return mine;
    }

    private DirectMap(boolean empty) {
    }

    int allocate(PageSize entrySize) {
        accesses.tablePool(true);
        int id = nextId++;
        if (id == tables.length) tables = java.util.Arrays.copyOf(tables, 2 * tables.length);
        tables[id] = new PageTablePage(id, entrySize);
        owned.set(id);
        return id;
    }

    void free(int id) {
        accesses.tablePool(true);
        if (id == ROOT || freed.get(id)) throw new IllegalStateException("double free of table#" + id);
        freed.set(id);
    }

    /** Whether table#{@code id} is reachable from the root. */
    boolean reachable(int id) {
        return !unreachableTables().contains(id) && !freed.get(id);
    }

    PageTablePage table(int id) {
        PageTablePage table = id >= 0 && id < nextId ? tables[id] : null;
        if (table == null || freed.get(id)) throw new IllegalStateException("use of freed table#" + id);
        return table;
    }

    boolean isFreed(int id) {
        return freed.get(id);
    }

    /** The hardware walk: the entry that maps {@code page} (a leaf, or empty), with its level. */
    Lookup walk(long page) {
        return walkFrom(ROOT, page, null);
    }

    /** A walk from table#{@code start} (as from a cached non-leaf entry): the leaf or empty entry it ends at. */
    Pte walkFrom(int start, long page) {
        return walkFrom(start, page, null).value();
    }

    /** The walk to the entry of {@code level} that covers {@code page} (or the leaf or empty entry above it). */
    Lookup walkTo(long page, PageSize level) {
        return walkFrom(ROOT, page, level);
    }

    private Lookup walkFrom(int start, long page, PageSize stopAt) {
        if (start == ROOT) accesses.pageTables(false);
        else touched(start, false); // from a cached entry: the table may be live, or no longer
        PageTablePage table = table(start);
        while (true) {
            int index = table.indexOf(page);
            Pte value = table.entries[index];
            PteRef ref = new PteRef(table.id, index, table.entrySize);
            if (!value.isTable() || table.entrySize == stopAt) return new Lookup(ref, value);
            table = table(value.table());
        }
    }

    /** The non-leaf entries a walk of {@code page} from table#{@code start} goes through, as a cache would hold them. */
    List<PagingStructureCaches.Entry> pathFrom(int start, long page) {
        List<PagingStructureCaches.Entry> out = new ArrayList<>(2);
        if (start == ROOT) accesses.pageTables(false);
        else touched(start, false);
        PageTablePage table = table(start);
        while (true) {
            Pte value = table.entries[table.indexOf(page)];
            if (!value.isTable() || freed.get(value.table())) return out;
            out.add(new PagingStructureCaches.Entry(table.entrySize.alignDown(page), table.entrySize, value.table()));
            table = table(value.table());
        }
    }

    /** One entry; a freed table still holds what it held when it was freed (until reused: never, here). */
    Pte read(PteRef ref) {
        touched(ref.table(), false);
        return tables[ref.table()].entries[ref.index()];
    }

    /** One store; a store into a freed table is lost with the page (H7 reports it where it counts). */
    void write(PteRef ref, Pte value) {
        touched(ref.table(), true);
        if (freed.get(ref.table())) return;
        writable(ref.table()).set(ref.index(), value);
        if (value.isTable()) published.set(value.table());
    }

    /** Whether an entry ever pointed at table#{@code id}. */
    boolean everPublished(int id) {
        return published.get(id);
    }

    /**
     * The indices of the entries of table#{@code id} that map a watched page; the table must be the
     * live one for the region from {@code base}.
     */
    int[] watchedIndices(int id, long base, long[] watched) {
        PageTablePage table = table(id);
        if (walkFrom(ROOT, base, table.entrySize).kpte().table() != id) {
            throw new IllegalStateException("table#" + id + " is not the live table of the region from " + Hex.of(base));
        }
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        long span = table.entrySize.pages * PageSize.PTRS_PER_TABLE;
        for (long page : watched) if (page >= base && page < base + span) out.add(table.indexOf(page));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The entries of table#{@code id} but those at {@code skipped} (sorted), in index order, as runs. */
    List<PteRun> runsBut(int id, int[] skipped) {
        Pte[] entries = table(id).entries;
        List<PteRun> out = new ArrayList<>();
        int next = 0;
        for (int gap = 0; gap <= skipped.length; gap++) {
            int end = gap < skipped.length ? skipped[gap] : entries.length;
            for (int i = next; i < end; ) {
                int j = i + 1;
                while (j < end && PageTablePage.continues(entries[j - 1], entries[j])) j++;
                out.add(new PteRun(i, j - i, entries[i]));
                i = j;
            }
            next = end + 1;
        }
        return List.copyOf(out);
    }

    /** Fills a table, entry by entry from index 0. */
    void fill(int id, Pte[] entries) {
        touched(id, true);
        writable(id).fill(entries);
    }

    /** Installs a leaf of the given size at boot, creating intermediate tables as needed. */
    void mapAtBoot(long page, PageSize size, Prot prot) {
        PageTablePage table = writable(ROOT);
        while (table.entrySize != size) {
            int index = table.indexOf(page);
            Pte value = table.entries[index];
            if (value.isLeaf()) throw new IllegalArgumentException("boot layout overlaps a larger leaf");
            if (value.kind() == Pte.Kind.NONE) {
                int child = allocate(table.entrySize.smaller());
                table.set(index, Pte.table(child));
                published.set(child);
                value = table.entries[index];
            }
            table = writable(value.table());
        }
        table.set(table.indexOf(page), Pte.leaf(size, size.alignDown(page), prot));
    }

    /** Filling or freeing a table others can walk would be a step on the live page tables. */
    void requirePrivate(int id, String what) {
        if (!unreachableTables().contains(id)) {
            throw new IllegalStateException("cannot " + what + " table#" + id + ": it is reachable from the root");
        }
    }

    /** Tables allocated, not freed, and not reachable from the root. */
    List<Integer> unreachableTables() {
        accesses.pageTables(false);
        accesses.tablePool(false);
        BitSet reachable = new BitSet();
        mark(ROOT, reachable);
        List<Integer> lost = new ArrayList<>();
        for (int id = 0; id < nextId; id++) {
            if (!reachable.get(id) && !freed.get(id)) lost.add(id);
        }
        return lost;
    }

    /** Reports an access to one table: a live one (reachable from the root) or one of the pool. */
    private void touched(int id, boolean write) {
        if (!accesses.on()) return;
        BitSet reachable = new BitSet();
        mark(ROOT, reachable);
        if (reachable.get(id)) accesses.pageTables(write);
        else accesses.tablePool(write);
    }

    private void mark(int id, BitSet reachable) {
        if (reachable.get(id)) return;
        reachable.set(id);
        for (Pte pte : table(id).entries) {
            if (pte.isTable()) mark(pte.table(), reachable);
        }
    }

    void fingerprint(Fingerprint out) {
        out.add(nextId);
        for (int id = 0; id < nextId; id++) {
            if (freed.get(id)) out.add(-1);
            else tables[id].fingerprint(out);
        }
    }

    void encode(StringBuilder out) {
        for (int id = 0; id < nextId; id++) {
            if (!freed.get(id)) tables[id].encode(out);
        }
        out.append("freed").append(freed);
    }
}
