using Xunit;

// Tests share the process environment (CONTAINARIUM_CONFIG) and the lab's daemons: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
