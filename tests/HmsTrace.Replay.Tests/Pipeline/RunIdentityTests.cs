using HmsTrace.Replay.Pipeline;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Tests.Pipeline;

public sealed class RunIdentityTests
{
    [Test]
    public void Default_trace_reading_options_leave_the_run_id_unchanged()
    {
        Assert.That(RunIdentity.ReadOptionsIdentity(new TraceReadOptions()), Is.Null);
        Assert.That(RunIdentity.ReadOptionsIdentity(new TraceReadOptions { Format = "pin", SkipBad = 3 }), Is.Null);
    }

    [Test]
    public void The_same_file_read_with_another_initiator_gets_another_run_id()
    {
        var asCpu = RunIdentity.RunId("t", "n", "m", "p", "{}", 1, 10, 0, RunIdentity.ReadOptionsIdentity(new TraceReadOptions { Initiator = "cpu0" }));
        var asGpu = RunIdentity.RunId("t", "n", "m", "p", "{}", 1, 10, 0, RunIdentity.ReadOptionsIdentity(new TraceReadOptions { Initiator = "gpu1" }));

        Assert.That(asGpu, Is.Not.EqualTo(asCpu));
        Assert.That(asCpu, Has.Length.EqualTo(16));
    }

    [Test]
    public void A_region_bound_leaves_the_identity_of_other_non_default_options_as_it_was()
        => Assert.That(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions { PingPongWindowNs = 1 }), Is.EqualTo("pingpong=1;snapshots=1;maxmig=65536;fault=Fail"));

    [Test]
    public void Engine_options_that_change_results_are_part_of_the_identity()
    {
        Assert.That(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions()), Is.Null);
        Assert.That(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions { PingPongWindowNs = 1 }), Is.Not.Null);
        Assert.That(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions { RangeSnapshotEvery = 0 }), Is.Not.Null);
        Assert.That(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions { MaxRegions = 100 }), Is.Not.Null);
        Assert.That(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions { MaxRegions = 100 }), Is.Not.EqualTo(RunIdentity.EngineOptionsIdentity(new Engine.ReplayOptions { MaxRegions = 200 })));
        Assert.That(RunIdentity.Extra(null, null), Is.Null);
        Assert.That(RunIdentity.Extra("a", null, "b"), Is.EqualTo("a|b"));
    }
}
