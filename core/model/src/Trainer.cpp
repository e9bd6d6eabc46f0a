// Training loop (torch).
#include "insolepose/model/Training.h"

#include "PoseModelImpl.h"
#include "insolepose/Error.h"

#include <algorithm>
#include <chrono>
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
};

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
    d->model = &model;
    d->source = &source;
    d->options = options;
    d->rng.seed(options.seed);
    torch::manual_seed(options.seed);
    PoseModel::setThreads(options.threads);
    d->optimizer = std::make_unique<torch::optim::Adam>(model.impl().net->parameters(),
                                                        torch::optim::AdamOptions(options.learningRate));
}

Trainer::~Trainer() = default;

EpochReport Trainer::runEpoch(int epoch, const std::vector<WindowRef>& train, const std::vector<WindowRef>& validation,
                              const TrainProgress& progress)
{
    if (train.empty())
        throw Error("training: no training windows");
    const auto start = std::chrono::steady_clock::now();
    auto& net = d->model->impl().net;
    const ModelConfig& c = d->model->config();
    net->train();
    std::vector<std::size_t> order(train.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), d->rng);
    if (d->options.maxWindowsPerEpoch > 0 && order.size() > d->options.maxWindowsPerEpoch)
        order.resize(d->options.maxWindowsPerEpoch);
    const std::size_t batch = std::size_t(d->options.batch);
    const std::size_t batches = (order.size() + batch - 1) / batch;
    const std::size_t per = d->source->windowValues();
    std::vector<float> inputs, targets;
    double lossSum = 0;
    std::size_t seen = 0;
    bool stoppedEarly = false;
    const torch::Tensor gx = torch::linspace(0.0, 1.0, 20).view({1, 1, 20, 1, 1});
    const torch::Tensor gy = torch::linspace(0.0, 1.0, 20).view({1, 1, 1, 20, 1});
    const torch::Tensor gz = torch::linspace(0.0, 1.0, 18).view({1, 1, 1, 1, 18});
    for (std::size_t b = 0; b < batches; ++b) {
        const std::size_t n = std::min(batch, order.size() - b * batch);
        if (n < 2 && batches > 1)
            break; // BatchNorm needs more than one sample
        if (outOfTime()) {
            stoppedEarly = true;
            break;
        }
        inputs.resize(n * per);
        targets.resize(n * kKeypointCount * 3);
        for (std::size_t i = 0; i < n; ++i) {
            const WindowRef& w = train[order[b * batch + i]];
            d->source->fill(w, std::span<float>(inputs).subspan(i * per, per), d->options.downsample);
            const Pose p = d->source->target(w);
            for (std::size_t k = 0; k < kKeypointCount; ++k)
                for (int a = 0; a < 3; ++a)
                    targets[(i * kKeypointCount + k) * 3 + std::size_t(a)] = p[k][a];
        }
        const torch::Tensor x = torch::from_blob(inputs.data(), {int64_t(n), 2, c.window, c.inputRows, c.inputCols});
        const torch::Tensor kpGrid =
            detail::metresToGrid(torch::from_blob(targets.data(), {int64_t(n), int64_t(kKeypointCount), 3}), c)
                .clamp(0.0, 1.0);
        const float s2 = 2.0f * c.heatmapSigma * c.heatmapSigma;
        const auto tx = kpGrid.select(2, 0).view({int64_t(n), 19, 1, 1, 1});
        const auto ty = kpGrid.select(2, 1).view({int64_t(n), 19, 1, 1, 1});
        const auto tz = kpGrid.select(2, 2).view({int64_t(n), 19, 1, 1, 1});
        const torch::Tensor label = torch::exp(-((gx - tx).pow(2) + (gy - ty).pow(2) + (gz - tz).pow(2)) / s2);

        d->optimizer->zero_grad();
        const torch::Tensor h = net->heatmaps(x.select(1, 0), x.select(1, 1), false);
        torch::Tensor loss = torch::zeros({});
        if (d->options.heatmapWeight > 0)
            loss = loss + d->options.heatmapWeight * torch::mse_loss(h, label);
        if (d->options.keypointWeight > 0)
            loss = loss + d->options.keypointWeight * torch::mse_loss(detail::softArgmax(h), kpGrid);
        loss.backward();
        d->optimizer->step();
        lossSum += loss.item<double>() * double(n);
        seen += n;
        if (progress)
            progress(epoch, b + 1, batches, lossSum / double(seen));
    }
    EpochReport r;
    r.epoch = epoch;
    r.trainLoss = seen ? lossSum / double(seen) : 0.0;
    r.windows = seen;
    r.stoppedEarly = stoppedEarly;
    const double trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.windowsPerSecond = double(seen) / std::max(1e-9, trainSeconds);
    if (!validation.empty())
        r.validationMpjpe_cm = evaluate(*d->model, *d->source, validation, d->options.downsample).mpjpe_cm;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace insolepose::model
