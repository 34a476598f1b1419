namespace HmsTrace.Replay.Results;

/// <summary>
/// The schemas of the result tables (DESIGN.md "Results"). Column names are snake_case, times are
/// integer ns with <c>_ns</c> in the name, and every table has <c>run_id</c> first so tables join.
/// Addresses are written as INT64 (user-space addresses fit below 2^63).
/// </summary>
public static class ResultTables
{
    private static ResultColumn L(string name, bool sorted = false) => new(name, ColumnType.Int64, Sorted: sorted);

    private static ResultColumn S(string name, bool nullable = false) => new(name, ColumnType.String, nullable);

    private static ResultColumn D(string name) => new(name, ColumnType.Double);

    /// <summary>One row per replay: identity and totals. Byte-for-byte reproducible.</summary>
    public static TableSchema Runs { get; } = new("runs", 3,
    [
        S("run_id"), S("trace"), S("trace_format"), S("trace_sha256"), S("topology"), S("topology_sha256"),
        S("policy"), S("policy_sha256"), S("parameters_json"), L("seed"), L("epoch_ns"), L("epoch_records"),
        S("engine_version"), L("records"), L("accesses"), L("bytes"), L("hits"), L("hit_bytes"), D("hit_rate"),
        D("byte_hit_rate"), L("first_touches"), L("modeled_ns"), L("migrations_requested"), L("migrations_moved"),
        L("migrations_partial"), L("migrations_failed"), L("bytes_migrated"), L("migration_ns"), L("ping_pongs"),
        L("policy_faults"), S("first_policy_fault", nullable: true), L("policy_fuel_used"), L("trace_errors"), L("overcommitted_pages"),
        L("epochs"), L("peak_ranges"), L("max_regions"),
    ]);

    /// <summary>The replay's own measurements; differ from run to run, so kept apart.</summary>
    public static TableSchema Timings { get; } = new("timings", 1,
    [
        S("run_id"), L("wall_ns"), D("records_per_s"), L("peak_working_set_bytes"), L("processor_count"),
    ]);

    /// <summary>Per epoch × initiator × target traffic, plus resident bytes.</summary>
    public static TableSchema Epochs { get; } = new("epochs", 1,
    [
        S("run_id"), L("epoch", sorted: true), L("start_ns", sorted: true), L("end_ns", sorted: true), S("initiator", nullable: true),
        S("target"), L("accesses"), L("bytes"), L("hits"), L("hit_bytes"), L("modeled_ns"), L("resident_bytes"),
    ]);

    /// <summary>One row per migration request.</summary>
    public static TableSchema Migrations { get; } = new("migrations", 1,
    [
        S("run_id"), L("t_ns", sorted: true), L("epoch", sorted: true), L("record_index", sorted: true), L("pid"), L("range_start"),
        L("range_end"), L("pages"), S("from_target", nullable: true), S("to_target"), S("reason"), S("outcome"),
        L("pages_moved"), L("pages_failed"), L("cost_ns"), new ResultColumn("ping_pong", ColumnType.Boolean),
    ]);

    /// <summary>Snapshots of the range map at chosen epochs.</summary>
    public static TableSchema Ranges { get; } = new("ranges", 1,
    [
        S("run_id"), L("epoch", sorted: true), L("pid"), L("range_start"), L("range_end"), S("target", nullable: true),
        L("pin_count"), L("epoch_accesses"), L("decayed_accesses"), L("last_access_ns"), L("age_ns"), L("migrations"),
    ]);

    /// <summary>All tables, in the order they are written.</summary>
    public static IReadOnlyList<TableSchema> All { get; } = [Runs, Timings, Epochs, Migrations, Ranges];
}
