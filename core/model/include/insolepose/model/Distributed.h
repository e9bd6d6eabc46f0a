#pragma once
// Training on several processes or machines with PyTorch's c10d and its Gloo backend
// (docs/DISTRIBUTED.md): the ranks meet at HOST:PORT (rank 0 hosts the rendezvous store), take
// rank 0's model and optimizer state, and average their gradients by all-reduce after every step.
// Errors: DistributedError when a rank cannot join, when the ranks' settings differ, or when a rank
// goes away during training (the message names it), at most one operation timeout later.
#include "insolepose/Error.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace insolepose::model {

class PoseModel;

/// A distributed run failed: a rank did not join, disagreed or went away.
class DistributedError : public Error {
public:
    using Error::Error;
};

struct DistributedOptions {
    int worldSize = 1; ///< 1: a single process, nothing distributed.
    int rank = 0;
    std::string host = "127.0.0.1"; ///< Rank 0's address (the rendezvous).
    int port = 29500;
    int timeoutSeconds = 20; ///< A collective that waits longer fails: a rank went away.
    int joinTimeoutSeconds = 300; ///< How long the ranks wait for each other at the start.
};

/// The usual environment variables: MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK (unset ones keep
/// their defaults). Throws Error naming the variable and its value when one is malformed.
DistributedOptions distributedOptionsFromEnvironment();
/// Sets host and port from "HOST:PORT". Throws Error naming the text when it is malformed.
void setRendezvous(DistributedOptions& options, const std::string& hostPort);
/// Throws Error when rank, world size, port or timeouts are out of range.
void checkDistributedOptions(const DistributedOptions& options);

/// The ranks of one training run, joined through c10d's TCPStore and ProcessGroupGloo.
class DistributedGroup {
public:
    /// Joins (rank 0 hosts the store and waits for the others). Throws DistributedError.
    explicit DistributedGroup(const DistributedOptions& options);
    ~DistributedGroup();
    DistributedGroup(const DistributedGroup&) = delete;
    DistributedGroup& operator=(const DistributedGroup&) = delete;

    int rank() const;
    int worldSize() const;
    /// Every rank gets rank 0's values.
    void broadcast(std::span<double> values);
    /// Every rank gets the sum over the ranks.
    void sum(std::span<double> values);
    /// Every rank gets rank 0's parameters and buffers (start of a run, after a resume).
    void broadcastModel(PoseModel& model);
    /// Fails with a message that names each setting in which some rank differs from rank 0.
    /// `names` and `values` are parallel.
    void requireSameSettings(std::span<const std::string> names, std::span<const double> values);

    struct Impl;
    Impl& impl() const { return *d; }

private:
    std::unique_ptr<Impl> d;
};

} // namespace insolepose::model
