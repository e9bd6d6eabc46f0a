// The action probe (torch): frozen encoders -> MaxPool2d(2) -> flatten -> Linear -> actions.
#include "insolepose/model/ActionProbe.h"

#include "PoseModelImpl.h"
#include "insolepose/Error.h"
#include "insolepose/Json.h"

#include <QJsonArray>

#include <algorithm>
#include <numeric>
#include <random>

namespace insolepose::model {

struct ActionProbe::Impl {
    const PoseModel* model = nullptr;
    std::vector<std::string> actions;
    ProbeOptions options;
    int features = 0;
    torch::nn::Linear linear{nullptr};

    /// Pooled, flattened encoder features of the labelled windows and their class indices.
    /// With `all`, every window (class -1 where unlabelled).
    std::pair<torch::Tensor, torch::Tensor> encode(const WindowSource& source, const std::vector<WindowRef>& windows,
                                                   bool all = false) const
    {
        const ModelConfig& c = model->config();
        std::vector<const WindowRef*> labelled;
        std::vector<std::int64_t> classes;
        for (const auto& w : windows) {
            const auto it = all ? actions.end() : std::find(actions.begin(), actions.end(), source.action(w));
            if (it == actions.end() && !all)
                continue;
            labelled.push_back(&w);
            classes.push_back(it == actions.end() ? -1 : it - actions.begin());
        }
        torch::Tensor feats = torch::empty({std::int64_t(labelled.size()), features});
        const std::size_t per = source.windowValues(), batch = 64;
        std::vector<float> inputs;
        torch::NoGradGuard guard; // not InferenceMode: the features feed the probe's training
        auto& net = model->impl().net;
        net->eval();
        for (std::size_t start = 0; start < labelled.size(); start += batch) {
            const std::size_t n = std::min(batch, labelled.size() - start);
            inputs.resize(n * per);
            for (std::size_t i = 0; i < n; ++i)
                source.fill(*labelled[start + i], std::span<float>(inputs).subspan(i * per, per),
                            model->metadata()["downsample"].toInt(0));
            const torch::Tensor x =
                torch::from_blob(inputs.data(), {std::int64_t(n), 2, c.window, c.inputRows, c.inputCols});
            const torch::Tensor f = torch::max_pool2d(net->features(x.select(1, 0), x.select(1, 1)), 2).flatten(1);
            feats.narrow(0, std::int64_t(start), std::int64_t(n)).copy_(f);
        }
        return {feats, torch::tensor(classes, torch::kLong)};
    }
};

ActionProbe::ActionProbe(const PoseModel& model, std::vector<std::string> actions, ProbeOptions options)
    : d(std::make_unique<Impl>())
{
    if (actions.size() < 2)
        throw Error("action probe: need at least two actions, got " + std::to_string(actions.size()));
    d->model = &model;
    d->actions = std::move(actions);
    d->options = options;
    const ModelConfig& c = model.config();
    {
        torch::NoGradGuard guard;
        auto& net = model.impl().net;
        net->eval();
        const torch::Tensor probe = torch::zeros({1, c.window, c.inputRows, c.inputCols});
        d->features = int(torch::max_pool2d(net->features(probe, probe), 2).numel());
    }
    torch::manual_seed(options.seed);
    d->linear = torch::nn::Linear(d->features, int(d->actions.size()));
}

ActionProbe::~ActionProbe() = default;

int ActionProbe::featureSize() const { return d->features; }

void ActionProbe::train(const WindowSource& source, const std::vector<WindowRef>& train,
                        const std::function<void(int, int, double)>& progress)
{
    std::vector<WindowRef> subset = train;
    std::mt19937_64 rng(d->options.seed);
    std::shuffle(subset.begin(), subset.end(), rng);
    if (d->options.maxTrainWindows > 0 && subset.size() > d->options.maxTrainWindows)
        subset.resize(d->options.maxTrainWindows);
    auto [x, y] = d->encode(source, subset); // the encoders are frozen: their features never change
    if (x.size(0) == 0)
        throw Error("action probe: none of the training windows has one of the actions");
    torch::optim::Adam adam(d->linear->parameters(), torch::optim::AdamOptions(d->options.learningRate));
    d->linear->train();
    const std::int64_t n = x.size(0), batch = d->options.batch;
    for (int epoch = 1; epoch <= d->options.epochs; ++epoch) {
        const torch::Tensor order = torch::randperm(n, torch::kLong);
        double sum = 0;
        for (std::int64_t s = 0; s < n; s += batch) {
            const torch::Tensor idx = order.narrow(0, s, std::min(batch, n - s));
            adam.zero_grad();
            const torch::Tensor loss =
                torch::cross_entropy_loss(d->linear(x.index_select(0, idx)), y.index_select(0, idx));
            loss.backward();
            adam.step();
            sum += loss.item<double>() * double(idx.size(0));
        }
        if (progress)
            progress(epoch, d->options.epochs, sum / double(n));
    }
}

ProbeResult ActionProbe::evaluate(const WindowSource& source, const std::vector<WindowRef>& windows) const
{
    auto [x, y] = d->encode(source, windows);
    if (x.size(0) == 0)
        throw Error("action probe: none of the evaluation windows has one of the actions");
    torch::NoGradGuard guard;
    const torch::Tensor predicted = d->linear(x).argmax(1);
    ProbeResult r;
    r.actions = d->actions;
    const std::size_t k = d->actions.size();
    r.confusion.assign(k, std::vector<std::size_t>(k, 0));
    const auto* yt = y.data_ptr<std::int64_t>();
    const auto* yp = predicted.data_ptr<std::int64_t>();
    std::size_t correct = 0;
    for (std::int64_t i = 0; i < y.size(0); ++i) {
        ++r.confusion[std::size_t(yt[i])][std::size_t(yp[i])];
        correct += yt[i] == yp[i];
    }
    r.windows = std::size_t(y.size(0));
    r.accuracy = double(correct) / double(r.windows);
    double sum = 0;
    std::size_t present = 0;
    for (std::size_t a = 0; a < k; ++a) {
        const std::size_t total = std::accumulate(r.confusion[a].begin(), r.confusion[a].end(), std::size_t{0});
        r.perActionAccuracy.push_back(total ? double(r.confusion[a][a]) / double(total) : 0.0);
        if (total) {
            sum += r.perActionAccuracy.back();
            ++present;
        }
    }
    r.meanAccuracy = present ? sum / double(present) : 0.0;
    return r;
}

const std::vector<std::string>& ActionProbe::actions() const { return d->actions; }

std::vector<std::vector<float>> ActionProbe::probabilities(const WindowSource& source,
                                                           const std::vector<WindowRef>& windows) const
{
    std::vector<std::vector<float>> out;
    if (windows.empty())
        return out;
    auto [x, y] = d->encode(source, windows, true);
    torch::NoGradGuard guard;
    d->linear->eval();
    const torch::Tensor p = torch::softmax(d->linear(x), 1).contiguous();
    const auto* v = p.data_ptr<float>();
    const std::size_t k = d->actions.size();
    for (std::int64_t i = 0; i < p.size(0); ++i)
        out.emplace_back(v + i * std::int64_t(k), v + (i + 1) * std::int64_t(k));
    return out;
}

void ActionProbe::save(const std::filesystem::path& file, const QJsonObject& metadata) const
{
    try {
        torch::save(d->linear, file.string());
    } catch (const c10::Error& e) {
        throw IoError(file.string() + ": cannot save the action probe: " + e.what_without_backtrace());
    }
    QJsonObject json = metadata;
    QJsonArray names;
    for (const auto& a : d->actions)
        names.append(QString::fromStdString(a));
    json["actions"] = names;
    json["features"] = d->features;
    writeJsonAtomically(file.string() + ".json", json);
}

std::unique_ptr<ActionProbe> ActionProbe::load(const PoseModel& model, const std::filesystem::path& file)
{
    if (!std::filesystem::exists(file))
        throw Error(file.string() + ": no action probe there");
    const QJsonObject json = readJsonObject(file.string() + ".json");
    std::vector<std::string> actions;
    for (const auto& a : json["actions"].toArray())
        actions.push_back(a.toString().toStdString());
    auto probe = std::make_unique<ActionProbe>(model, actions);
    if (json["features"].toInt() != probe->featureSize())
        throw Error(file.string() + ": the probe reads " + std::to_string(json["features"].toInt()) +
                    " features, the model's encoders give " + std::to_string(probe->featureSize()));
    try {
        torch::load(probe->d->linear, file.string());
    } catch (const c10::Error& e) {
        throw Error(file.string() + ": cannot read the action probe: " + e.what_without_backtrace());
    }
    return probe;
}

QJsonObject ProbeResult::toJson() const
{
    QJsonObject per;
    QJsonArray matrix, names;
    for (std::size_t a = 0; a < actions.size(); ++a) {
        per[QString::fromStdString(actions[a])] = perActionAccuracy[a];
        names.append(QString::fromStdString(actions[a]));
        QJsonArray row;
        for (std::size_t v : confusion[a])
            row.append(qint64(v));
        matrix.append(row);
    }
    return QJsonObject{{"windows", qint64(windows)}, {"accuracy", accuracy}, {"mean_action_accuracy", meanAccuracy},
                       {"per_action_accuracy", per}, {"actions", names},     {"confusion", matrix}};
}

} // namespace insolepose::model
