// The model's public face over LibTorch (one of the few translation units that include torch).
#include "insolepose/model/PoseModel.h"

#include "PoseModelImpl.h"
#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/Npz.h"

#include <QJsonArray>

#include <cmath>
#include <cstring>

namespace insolepose::model {

using detail::PoseNet;

PoseModel::PoseModel(const ModelConfig& config, std::uint64_t seed) : d(std::make_unique<Impl>())
{
    torch::manual_seed(seed);
    d->config = config;
    d->net = PoseNet(config);
}

PoseModel::~PoseModel() = default;
PoseModel::PoseModel(PoseModel&&) noexcept = default;
PoseModel& PoseModel::operator=(PoseModel&&) noexcept = default;

const ModelConfig& PoseModel::config() const { return d->config; }
const QJsonObject& PoseModel::metadata() const { return d->metadata; }

std::int64_t PoseModel::parameterCount() const
{
    std::int64_t n = 0;
    for (const auto& p : d->net->parameters())
        n += p.numel();
    return n;
}

std::int64_t PoseModel::encoderParameterCount() const
{
    std::int64_t n = 0;
    for (const auto& p : d->net->left->parameters())
        n += p.numel();
    for (const auto& p : d->net->right->parameters())
        n += p.numel();
    return n;
}

void PoseModel::setThreads(int threads) { torch::set_num_threads(std::max(1, threads)); }
int PoseModel::threads() { return torch::get_num_threads(); }

void PoseModel::save(const std::filesystem::path& file, const QJsonObject& metadata) const
{
    QJsonObject sidecar = d->metadata;
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
        sidecar[it.key()] = it.value();
    QJsonArray order;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        order.append(QString::fromUtf8(keypointName(k).data()));
    sidecar["format"] = "insolepose-model";
    sidecar["schema_version"] = 1;
    sidecar["config"] = d->config.toJson();
    sidecar["keypoints"] = order;
    sidecar["normalization"] = "pelvis x-y to the origin, shoulders rotated onto +x about z (paper eq. 1); metres";
    sidecar["parameters"] = qint64(parameterCount());
    try {
        torch::save(d->net, file.string());
    } catch (const c10::Error& e) {
        throw IoError(file.string() + ": cannot write the weights: " + e.what_without_backtrace());
    }
    writeJsonAtomically(file.string() + ".json", sidecar);
    d->metadata = sidecar;
}

PoseModel PoseModel::load(const std::filesystem::path& file)
{
    const std::filesystem::path sidecar = file.string() + ".json";
    if (!std::filesystem::exists(file))
        throw IoError(file.string() + ": model file not found");
    if (!std::filesystem::exists(sidecar))
        throw FormatError(sidecar.string() + ": missing (every model file has a JSON sidecar with its config)");
    const QJsonObject meta = readJsonObject(sidecar);
    if (meta["format"].toString() != "insolepose-model")
        throw FormatError(sidecar.filename().string() + ": not an InsolePose model sidecar");
    if (meta["schema_version"].toInt(0) > 1)
        throw FormatError(sidecar.filename().string() + ": schema_version is newer than this build reads");
    PoseModel m(ModelConfig::fromJson(meta["config"].toObject()));
    // LibTorch replaces tensors of any shape on load: remember what the config asks for.
    std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
    for (const auto& p : m.d->net->named_parameters())
        expected.emplace_back(p.key(), p.value().sizes().vec());
    try {
        torch::load(m.d->net, file.string());
    } catch (const c10::Error& e) {
        throw FormatError(file.string() + ": weights are corrupt or do not match the config in " +
                          sidecar.filename().string() + ": " + e.what_without_backtrace());
    }
    const auto loaded = m.d->net->named_parameters();
    for (const auto& [name, sizes] : expected) {
        const torch::Tensor* t = loaded.find(name);
        if (!t || t->sizes().vec() != sizes)
            throw FormatError(file.string() + ": weights do not match the config in " + sidecar.filename().string() +
                              ": tensor '" + name + "' has shape " +
                              (t ? c10::str(t->sizes()) : std::string("(missing)")) + ", the config needs " +
                              c10::str(c10::IntArrayRef(sizes)));
    }
    m.d->metadata = meta;
    return m;
}

void PoseModel::exportNpz(const std::filesystem::path& file) const
{
    std::vector<NpzEntry> entries;
    auto add = [&](const std::string& name, const torch::Tensor& t) {
        NpzEntry e;
        e.name = name;
        torch::Tensor c = t.detach().contiguous();
        if (c.scalar_type() == torch::kLong) {
            e.dtype = DType::I64;
        } else {
            c = c.to(torch::kFloat);
            e.dtype = DType::F32;
        }
        for (auto s : c.sizes())
            e.shape.push_back(std::size_t(s));
        if (e.shape.empty())
            e.shape.push_back(1);
        e.data.resize(std::size_t(c.numel()) * c.element_size());
        std::memcpy(e.data.data(), c.data_ptr(), e.data.size());
        entries.push_back(std::move(e));
    };
    for (const auto& p : d->net->named_parameters())
        add(p.key(), p.value());
    for (const auto& b : d->net->named_buffers())
        add(b.key(), b.value());
    writeNpz(file, entries);
}

ModelOutput PoseModel::predict(std::span<const float> windows, std::size_t count, bool fastPath,
                               bool wantHeatmaps) const
{
    const ModelConfig& c = d->config;
    const std::size_t per = std::size_t(2 * c.window * c.inputRows * c.inputCols);
    if (windows.size() != per * count)
        throw Error("model input: " + std::to_string(windows.size()) + " values for " + std::to_string(count) +
                    " windows; each needs 2 x " + std::to_string(c.window) + " x " + std::to_string(c.inputRows) +
                    " x " + std::to_string(c.inputCols) + " = " + std::to_string(per));
    for (float v : windows)
        if (!std::isfinite(v))
            throw Error("model input: a window holds NaN or an infinite value");
    c10::InferenceMode guard;
    d->net->eval();
    const torch::Tensor x = torch::from_blob(const_cast<float*>(windows.data()),
                                             {int64_t(count), 2, c.window, c.inputRows, c.inputCols}, torch::kFloat);
    const torch::Tensor h = d->net->heatmaps(x.select(1, 0), x.select(1, 1), fastPath);
    const torch::Tensor kp = detail::gridToMetres(detail::softArgmax(h), c).contiguous();
    ModelOutput out;
    const float* p = kp.data_ptr<float>();
    out.keypoints.resize(count);
    for (std::size_t n = 0; n < count; ++n)
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            out.keypoints[n][k] = Eigen::Vector3f(p[(n * kKeypointCount + k) * 3], p[(n * kKeypointCount + k) * 3 + 1],
                                                  p[(n * kKeypointCount + k) * 3 + 2]);
    out.heatmapShape = {int(h.size(2)), int(h.size(3)), int(h.size(4))};
    if (wantHeatmaps) {
        const torch::Tensor hc = h.contiguous();
        out.heatmaps.assign(hc.data_ptr<float>(), hc.data_ptr<float>() + hc.numel());
    }
    return out;
}

} // namespace insolepose::model
