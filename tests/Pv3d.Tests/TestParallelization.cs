// libtorch's default random generator is process-wide: a test that seeds it and draws (or builds a module,
// whose init draws) races with any other test drawing at the same time. Test classes therefore run one
// after another; the suite is small enough that this costs seconds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
