// Training loop (torch); distributed steps in docs/DISTRIBUTED.md.
#include "insolepose/model/Training.h"

#include "DistributedTorch.h"
#include "PoseModelImpl.h"
#include "insolepose/Error.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <malloc.h>
#include <numeric>
#include <random>

namespace insolepose::model {

struct Trainer::Impl {
    PoseModel* model = nullptr;
    const WindowSource* source = nullptr;
    TrainOptions options;
    std::unique_ptr<torch::optim::Adam> optimizer;
    std::mt19937_64 rng;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    StepObserver observer;
    std::size_t steps = 0;
    std::vector<float> inputs, targets; ///< One batch, reused.
    torch::Tensor gx, gy, gz; ///< The heatmap grid's coordinates in [0, 1].

    /// The ranks whose shards this process trains on: its own, or all of them when emulating.
    int shards() const { return options.group ? options.group->worldSize() : options.emulatedRanks; }
    int firstLocalShard() const { return options.group ? options.group->rank() : 0; }
    int localShards() const { return options.group ? 1 : options.emulatedRanks; }

    torch::Tensor batchLoss(const std::vector<WindowRef>& windows);
    /// Sums the gradients, the loss and the windows over the ranks (one all-reduce) and averages
    /// the gradients. Returns {loss sum, windows, ranks out of time}.
    std::array<double, 3> averageGradients(double lossSum, std::size_t windows, bool outOfTime);
    double validate(const std::vector<WindowRef>& validation);
    void reportStep();
};

torch::Tensor Trainer::Impl::batchLoss(const std::vector<WindowRef>& windows)
{
    // The paper's loss: MSE against Gaussian heatmaps plus MSE of the soft-argmax keypoints.
    const ModelConfig& c = model->config();
    const std::size_t n = windows.size(), per = source->windowValues();
    inputs.resize(n * per);
    targets.resize(n * kKeypointCount * 3);
    for (std::size_t i = 0; i < n; ++i) {
        source->fill(windows[i], std::span<float>(inputs).subspan(i * per, per), options.downsample);
        const Pose p = source->target(windows[i]);
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            for (int a = 0; a < 3; ++a)
                targets[(i * kKeypointCount + k) * 3 + std::size_t(a)] = p[k][a];
    }
    const int64_t nn = int64_t(n), kp = int64_t(kKeypointCount);
    const torch::Tensor x = torch::from_blob(inputs.data(), {nn, 2, c.window, c.inputRows, c.inputCols});
    const torch::Tensor kpGrid = detail::metresToGrid(torch::from_blob(targets.data(), {nn, kp, 3}), c).clamp(0.0, 1.0);
    const float s2 = 2.0f * c.heatmapSigma * c.heatmapSigma;
    const auto tx = kpGrid.select(2, 0).view({nn, kp, 1, 1, 1});
    const auto ty = kpGrid.select(2, 1).view({nn, kp, 1, 1, 1});
    const auto tz = kpGrid.select(2, 2).view({nn, kp, 1, 1, 1});
    const torch::Tensor label = torch::exp(-((gx - tx).pow(2) + (gy - ty).pow(2) + (gz - tz).pow(2)) / s2);
    const torch::Tensor h =
        model->impl().net->heatmaps(x.select(1, 0), x.select(1, 1), detail::PoseNetImpl::Formulation::Training);
    torch::Tensor loss = torch::zeros({});
    if (options.heatmapWeight > 0)
        loss = loss + options.heatmapWeight * torch::mse_loss(h, label);
    if (options.keypointWeight > 0)
        loss = loss + options.keypointWeight * torch::mse_loss(detail::softArgmax(h), kpGrid);
    return loss;
}

std::array<double, 3> Trainer::Impl::averageGradients(double lossSum, std::size_t windows, bool late)
{
    std::vector<torch::Tensor> grads;
    for (auto& p : model->impl().net->parameters())
        grads.push_back(p.mutable_grad());
    std::array<double, 3> totals{lossSum, double(windows), late ? 1.0 : 0.0};
    if (options.group) {
        // One flattened bucket: the gradients and the step's totals travel together.
        const torch::Tensor extra = torch::tensor({float(lossSum), float(windows), late ? 1.0f : 0.0f});
        grads.push_back(extra);
        detail::allReduceSum(*options.group, grads, "all-reduce of step " + std::to_string(steps + 1));
        grads.pop_back();
        totals = {double(extra[0].item<float>()), double(extra[1].item<float>()), double(extra[2].item<float>())};
    }
    if (shards() > 1) {
        torch::NoGradGuard noGrad;
        for (auto& g : grads)
            g.div_(double(shards()));
    }
    return totals;
}

double Trainer::Impl::validate(const std::vector<WindowRef>& validation)
{
    if (!options.group)
        return evaluate(*model, *source, validation, options.downsample).mpjpe_cm;
    // Each rank validates its share; the batch-norm statistics were averaged, so the ranks hold the same model.
    std::vector<WindowRef> mine;
    for (std::size_t i = std::size_t(options.group->rank()); i < validation.size();
         i += std::size_t(options.group->worldSize()))
        mine.push_back(validation[i]);
    std::array<double, 2> totals{0.0, 0.0};
    if (!mine.empty()) {
        const Evaluation e = evaluate(*model, *source, mine, options.downsample);
        totals = {e.mpjpe_cm * double(e.windows), double(e.windows)};
    }
    options.group->sum(totals);
    return totals[1] > 0 ? totals[0] / totals[1] : 0.0;
}

void Trainer::Impl::reportStep()
{
    ++steps;
    if (!observer)
        return;
    std::vector<torch::Tensor> flat;
    for (const auto& p : model->impl().net->parameters())
        flat.push_back(p.detach().reshape({-1}));
    const torch::Tensor all = torch::cat(flat).contiguous();
    observer(steps, std::span<const float>(all.data_ptr<float>(), std::size_t(all.numel())));
}

void keepFreedMemoryForReuse()
{
    // glibc: no mmap'ed chunks (they go back to the kernel when freed, whatever their size), no
    // trimming of the heap's top, and a generous step when it grows. A thread whose arena cannot
    // grow falls back to the main heap.
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
    mallopt(M_TOP_PAD, 256 << 20);
}

bool Trainer::outOfTime() const
{
    return d->options.maxMinutes > 0 &&
           std::chrono::duration<double>(std::chrono::steady_clock::now() - d->started).count() >
               d->options.maxMinutes * 60.0;
}

void Trainer::saveOptimizer(const std::filesystem::path& file) const
{
    try {
        const std::filesystem::path tmp = file.string() + ".tmp";
        torch::save(*d->optimizer, tmp.string());
        std::filesystem::rename(tmp, file);
    } catch (const c10::Error& e) {
        throw IoError("cannot write optimizer state " + file.string() + ": " + e.what_without_backtrace());
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError("cannot write optimizer state " + file.string() + ": " + e.code().message());
    }
}

void Trainer::loadOptimizer(const std::filesystem::path& file)
{
    if (!std::filesystem::exists(file))
        throw IoError("optimizer state " + file.string() + " does not exist");
    try {
        auto loaded = std::make_unique<torch::optim::Adam>(d->model->impl().net->parameters(),
                                                           torch::optim::AdamOptions(d->options.learningRate));
        torch::load(*loaded, file.string());
        // Every moment must match its parameter's shape: LibTorch would otherwise accept the state of
        // another model and fail (or silently broadcast) later.
        const auto params = d->model->impl().net->parameters();
        const auto& states = loaded->state();
        for (const auto& p : params) {
            const auto it = states.find(c10::guts::to_string(p.unsafeGetTensorImpl()));
            if (it == states.end())
                continue;
            const auto& st = static_cast<const torch::optim::AdamParamState&>(*it->second);
            if (st.exp_avg().sizes() != p.sizes())
                throw FormatError(
                    "optimizer state " + file.string() + " does not belong to this model (a moment of shape " +
                    c10::str(st.exp_avg().sizes()) + " for a parameter of shape " + c10::str(p.sizes()) + ")");
        }
        if (states.size() > params.size())
            throw FormatError("optimizer state " + file.string() + " has more entries than the model has parameters");
        d->optimizer = std::move(loaded);
    } catch (const c10::Error& e) {
        throw FormatError("cannot read optimizer state " + file.string() + ": " + e.what_without_backtrace());
    }
}

Trainer::Trainer(PoseModel& model, const WindowSource& source, TrainOptions options) : d(std::make_unique<Impl>())
{
    if (options.batch < 1 || options.learningRate <= 0)
        throw Error("training: batch must be >= 1 and the learning rate positive");
    if (options.emulatedRanks < 1 || (options.group && options.emulatedRanks != 1))
        throw Error("training: emulated ranks must be >= 1, and 1 in a distributed run");
    d->model = &model;
    d->source = &source;
    d->options = options;
    d->rng.seed(options.seed);
    torch::manual_seed(options.seed);
    PoseModel::setThreads(options.threads);
    d->optimizer = std::make_unique<torch::optim::Adam>(model.impl().net->parameters(),
                                                        torch::optim::AdamOptions(options.learningRate));
    d->gx = torch::linspace(0.0, 1.0, 20).view({1, 1, 20, 1, 1});
    d->gy = torch::linspace(0.0, 1.0, 20).view({1, 1, 1, 20, 1});
    d->gz = torch::linspace(0.0, 1.0, 18).view({1, 1, 1, 1, 18});
}

Trainer::~Trainer() = default;

bool Trainer::outOfTimeOnAnyRank() const
{
    if (!d->options.group)
        return outOfTime();
    std::array<double, 1> late{outOfTime() ? 1.0 : 0.0};
    d->options.group->sum(late);
    return late[0] > 0;
}

void Trainer::shareRankZeroState()
{
    if (!d->options.group)
        return;
    d->options.group->broadcastModel(*d->model);
    detail::broadcastAdamState(*d->options.group, *d->optimizer);
}

void Trainer::observeSteps(StepObserver observer) { d->observer = std::move(observer); }

EpochReport Trainer::runEpoch(int epoch, const std::vector<WindowRef>& train, const std::vector<WindowRef>& validation,
                              const TrainProgress& progress)
{
    if (train.empty())
        throw Error("training: no training windows");
    const auto start = std::chrono::steady_clock::now();
    auto& net = d->model->impl().net;
    net->train();
    // Every rank shuffles the same way (same seed) and takes every shards()-th window of the order.
    std::vector<std::size_t> order(train.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), d->rng);
    if (d->options.maxWindowsPerEpoch > 0 && order.size() > d->options.maxWindowsPerEpoch)
        order.resize(d->options.maxWindowsPerEpoch);
    const std::size_t shards = std::size_t(d->shards());
    const std::size_t perShard = order.size() / shards; // equal shards: every rank takes as many steps
    if (perShard == 0)
        throw Error("training: " + std::to_string(order.size()) + " training windows cannot be shared among " +
                    std::to_string(shards) + " ranks");
    const std::size_t batch = std::size_t(d->options.batch);
    const std::size_t batches = (perShard + batch - 1) / batch;
    double lossSum = 0;
    std::size_t seen = 0;
    bool stoppedEarly = false;
    std::vector<WindowRef> windows;
    for (std::size_t b = 0; b < batches; ++b) {
        const std::size_t n = std::min(batch, perShard - b * batch);
        if (n < 2 && batches > 1)
            break; // BatchNorm needs more than one sample
        const bool late = outOfTime();
        if (late && !d->options.group) {
            stoppedEarly = true;
            break;
        }
        d->optimizer->zero_grad();
        double localLoss = 0;
        for (int r = d->firstLocalShard(); r < d->firstLocalShard() + d->localShards(); ++r) {
            windows.clear();
            for (std::size_t i = 0; i < n; ++i)
                windows.push_back(train[order[(b * batch + i) * shards + std::size_t(r)]]);
            const torch::Tensor loss = d->batchLoss(windows);
            loss.backward();
            localLoss += loss.item<double>() * double(n);
        }
        const auto [stepLoss, stepWindows, ranksLate] =
            d->averageGradients(localLoss, n * std::size_t(d->localShards()), late);
        d->optimizer->step();
        d->reportStep();
        lossSum += stepLoss;
        seen += std::size_t(stepWindows);
        if (progress)
            progress(epoch, b + 1, batches, lossSum / double(seen));
        if (ranksLate > 0) { // a distributed run stops after the step in which any rank ran out of time
            stoppedEarly = true;
            break;
        }
    }
    if (d->options.group)
        detail::averageBuffers(*d->options.group, *net);
    EpochReport r;
    r.epoch = epoch;
    r.trainLoss = seen ? lossSum / double(seen) : 0.0;
    r.windows = seen;
    r.stoppedEarly = stoppedEarly;
    const double trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.windowsPerSecond = double(seen) / std::max(1e-9, trainSeconds);
    if (!validation.empty())
        r.validationMpjpe_cm = d->validate(validation);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace insolepose::model
