// Distributed training over c10d (TCPStore + ProcessGroupGloo); docs/DISTRIBUTED.md.
// Debian's LibTorch is built with Gloo; its header needs the switch that build used.
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include "DistributedTorch.h"

#include "PoseModelImpl.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <charconv>
#include <cstdlib>
#include <future>
#include <thread>

namespace insolepose::model {

namespace {

int intFrom(const std::string& text, const std::string& what)
{
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        throw Error(what + ": '" + text + "' is not an integer");
    return v;
}

std::string environment(const char* name)
{
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

bool isLoopback(const std::string& host) { return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1"; }

/// The network device Gloo talks through: GLOO_SOCKET_IFNAME when set (as in PyTorch), the
/// loopback when the rendezvous is on this machine, else the address this machine's name resolves to.
std::shared_ptr<gloo::transport::Device> makeDevice(const std::string& host)
{
    const std::string interface = environment("GLOO_SOCKET_IFNAME");
    if (!interface.empty())
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    if (isLoopback(host))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

torch::Tensor flatten(const std::vector<torch::Tensor>& tensors)
{
    std::vector<torch::Tensor> flat;
    flat.reserve(tensors.size());
    for (const auto& t : tensors)
        flat.push_back(t.reshape({-1}));
    return torch::cat(flat);
}

void unflatten(const torch::Tensor& flat, const std::vector<torch::Tensor>& tensors)
{
    int64_t offset = 0;
    torch::NoGradGuard noGrad;
    for (const auto& t : tensors) {
        t.view({-1}).copy_(flat.narrow(0, offset, t.numel()));
        offset += t.numel();
    }
}

} // namespace

DistributedOptions distributedOptionsFromEnvironment()
{
    DistributedOptions o;
    if (const std::string v = environment("MASTER_ADDR"); !v.empty())
        o.host = v;
    if (const std::string v = environment("MASTER_PORT"); !v.empty())
        o.port = intFrom(v, "MASTER_PORT");
    if (const std::string v = environment("WORLD_SIZE"); !v.empty())
        o.worldSize = intFrom(v, "WORLD_SIZE");
    if (const std::string v = environment("RANK"); !v.empty())
        o.rank = intFrom(v, "RANK");
    return o;
}

void setRendezvous(DistributedOptions& o, const std::string& hostPort)
{
    const auto colon = hostPort.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw Error("rendezvous '" + hostPort + "' is not HOST:PORT");
    o.host = hostPort.substr(0, colon);
    if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') // [IPv6]:PORT
        o.host = o.host.substr(1, o.host.size() - 2);
    o.port = intFrom(hostPort.substr(colon + 1), "rendezvous '" + hostPort + "' port");
}

void checkDistributedOptions(const DistributedOptions& o)
{
    if (o.worldSize < 1 || o.worldSize > 4096)
        throw Error("world size " + std::to_string(o.worldSize) + " is not in 1..4096");
    if (o.rank < 0 || o.rank >= o.worldSize)
        throw Error("rank " + std::to_string(o.rank) + " is not in 0.." + std::to_string(o.worldSize - 1) +
                    " (world size " + std::to_string(o.worldSize) + ")");
    if (o.port < 1 || o.port > 65535)
        throw Error("rendezvous port " + std::to_string(o.port) + " is not in 1..65535");
    if (o.timeoutSeconds < 1 || o.joinTimeoutSeconds < 1)
        throw Error("distributed timeouts must be at least 1 s");
    if (o.host.empty())
        throw Error("the rendezvous host is empty");
}

struct DistributedGroup::Impl {
    DistributedOptions options;
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

    std::string where() const
    {
        return "rank " + std::to_string(options.rank) + " of " + std::to_string(options.worldSize);
    }

    /// Whether rank 0's store still answers (within 2 s: a stopped rank 0 would never answer).
    bool rankZeroAnswers() const
    {
        auto answered = std::make_shared<std::promise<bool>>();
        std::future<bool> result = answered->get_future();
        std::thread([s = store, answered] {
            try {
                s->check({"alive"});
                answered->set_value(true);
            } catch (const std::exception&) {
                answered->set_value(false);
            }
        }).detach();
        return result.wait_for(std::chrono::seconds(2)) == std::future_status::ready && result.get();
    }

    /// Which rank is gone: the store lives in rank 0, so a rank that can no longer reach it knows
    /// rank 0 is; with two ranks the other one is the only candidate.
    std::string missingRank() const
    {
        if (options.rank != 0 && !rankZeroAnswers())
            return "rank 0 (" + options.host + ":" + std::to_string(options.port) + ")";
        if (options.worldSize == 2)
            return "rank " + std::to_string(1 - options.rank);
        return "another rank";
    }

    [[noreturn]] void fail(const std::string& what, const std::exception& e) const
    {
        const bool timedOut = std::string(e.what()).find("Timed out") != std::string::npos;
        throw DistributedError(where() + ": " + what + " failed: " + missingRank() +
                               (timedOut ? " did not answer within " + std::to_string(options.timeoutSeconds) +
                                               " s (stopped, hung, or its machine went away)"
                                         : " went away") +
                               " (" + e.what() + "); stopping");
    }

    /// Starts a collective and waits for it; any failure becomes a DistributedError naming who went away.
    template <typename Start> void collective(const std::string& what, const Start& start) const
    {
        try {
            start()->wait();
        } catch (const std::exception& e) {
            fail(what, e);
        }
    }

    void allReduce(torch::Tensor& t, const std::string& what) const
    {
        std::vector<torch::Tensor> v{t};
        collective(what, [&] { return group->allreduce(v); });
    }

    void broadcast(torch::Tensor& t, const std::string& what) const
    {
        std::vector<torch::Tensor> v{t};
        collective(what, [&] { return group->broadcast(v); });
    }
};

DistributedGroup::DistributedGroup(const DistributedOptions& options) : d(std::make_unique<Impl>())
{
    checkDistributedOptions(options);
    d->options = options;
    try {
        c10d::TCPStoreOptions so;
        so.port = std::uint16_t(options.port);
        so.isServer = options.rank == 0;
        so.numWorkers = std::size_t(options.worldSize);
        so.waitWorkers = true;
        so.timeout = std::chrono::seconds(options.joinTimeoutSeconds);
        d->store = c10::make_intrusive<c10d::TCPStore>(options.host, so);
        auto go = c10d::ProcessGroupGloo::Options::create(std::chrono::seconds(options.timeoutSeconds));
        go->devices.push_back(makeDevice(options.host));
        d->group = c10::make_intrusive<c10d::ProcessGroupGloo>(
            c10::make_intrusive<c10d::PrefixStore>("insolepose", d->store), options.rank, options.worldSize, go);
        d->store->setTimeout(std::chrono::seconds(options.timeoutSeconds));
    } catch (const std::exception& e) {
        throw DistributedError(d->where() + " could not join the run at " + options.host + ":" +
                               std::to_string(options.port) + " (waited up to " +
                               std::to_string(options.joinTimeoutSeconds) + " s for every rank): " + e.what());
    }
}

DistributedGroup::~DistributedGroup() = default;

int DistributedGroup::rank() const { return d->options.rank; }
int DistributedGroup::worldSize() const { return d->options.worldSize; }

void DistributedGroup::broadcast(std::span<double> values)
{
    torch::Tensor t = torch::from_blob(values.data(), {int64_t(values.size())}, torch::kFloat64);
    d->broadcast(t, "broadcast");
}

void DistributedGroup::sum(std::span<double> values)
{
    torch::Tensor t = torch::from_blob(values.data(), {int64_t(values.size())}, torch::kFloat64);
    d->allReduce(t, "all-reduce");
}

void DistributedGroup::broadcastModel(PoseModel& model)
{
    auto& net = model.impl().net;
    std::vector<torch::Tensor> tensors = net->parameters();
    for (const auto& b : net->buffers())
        tensors.push_back(b);
    std::vector<torch::Tensor> floats, integers;
    for (const auto& t : tensors)
        (t.is_floating_point() ? floats : integers).push_back(t);
    detail::broadcastTensors(*this, floats, "broadcast of rank 0's model");
    if (!integers.empty())
        detail::broadcastTensors(*this, integers, "broadcast of rank 0's batch counters");
}

void DistributedGroup::requireSameSettings(std::span<const std::string> names, std::span<const double> values)
{
    std::vector<double> mine(values.begin(), values.end()), rank0 = mine;
    broadcast(rank0);
    // Count, per setting, the ranks that differ from rank 0, so that every rank stops with the same message.
    std::vector<double> differ(mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i)
        differ[i] = mine[i] != rank0[i] ? 1.0 : 0.0;
    sum(differ);
    std::string wrong;
    for (std::size_t i = 0; i < differ.size(); ++i)
        if (differ[i] > 0)
            wrong += (wrong.empty() ? "" : ", ") + names[i] + " (rank 0: " + std::to_string(rank0[i]) +
                     ", here: " + std::to_string(mine[i]) + ")";
    if (!wrong.empty())
        throw DistributedError(d->where() + ": the ranks differ in " + wrong +
                               "; give every rank the same options and the same data");
}

namespace detail {

void allReduceSum(DistributedGroup& group, const std::vector<torch::Tensor>& tensors, const std::string& what)
{
    torch::Tensor flat = flatten(tensors);
    group.impl().allReduce(flat, what);
    unflatten(flat, tensors);
}

void broadcastTensors(DistributedGroup& group, const std::vector<torch::Tensor>& tensors, const std::string& what)
{
    if (tensors.empty())
        return;
    torch::Tensor flat = flatten(tensors);
    group.impl().broadcast(flat, what);
    unflatten(flat, tensors);
}

void averageBuffers(DistributedGroup& group, torch::nn::Module& net)
{
    std::vector<torch::Tensor> floats;
    for (const auto& b : net.buffers())
        if (b.is_floating_point())
            floats.push_back(b);
    if (floats.empty())
        return;
    torch::Tensor flat = flatten(floats);
    group.impl().allReduce(flat, "all-reduce of the batch-norm statistics");
    unflatten(flat / double(group.worldSize()), floats);
}

void broadcastAdamState(DistributedGroup& group, torch::optim::Adam& optimizer)
{
    std::vector<torch::Tensor> params;
    for (const auto& g : optimizer.param_groups())
        for (const auto& p : g.params())
            params.push_back(p);
    auto& states = optimizer.state();
    const auto key = [](const torch::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); };
    // Rank 0's step count per parameter (0: no state yet).
    std::vector<double> steps(params.size(), 0.0);
    for (std::size_t i = 0; i < params.size(); ++i)
        if (const auto it = states.find(key(params[i])); it != states.end())
            steps[i] = double(static_cast<const torch::optim::AdamParamState&>(*it->second).step());
    group.broadcast(steps);
    std::vector<torch::Tensor> moments;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (steps[i] == 0) {
            states.erase(key(params[i]));
            continue;
        }
        auto& slot = states[key(params[i])];
        if (!slot) {
            auto st = std::make_unique<torch::optim::AdamParamState>();
            st->exp_avg(torch::zeros_like(params[i]));
            st->exp_avg_sq(torch::zeros_like(params[i]));
            slot = std::move(st);
        }
        auto& st = static_cast<torch::optim::AdamParamState&>(*slot);
        st.step(int64_t(steps[i]));
        moments.push_back(st.exp_avg());
        moments.push_back(st.exp_avg_sq());
    }
    broadcastTensors(group, moments, "broadcast of rank 0's optimizer state");
}

} // namespace detail

} // namespace insolepose::model
