// The model's public face over LibTorch (one of the few translation units that include torch).
#include "insolepose/model/PoseModel.h"

#include "PoseModelImpl.h"
#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/Npz.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

#include <dlfcn.h>
#include <sched.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

Q_LOGGING_CATEGORY(lcModel, "insolepose.model")

namespace insolepose::model {

using detail::PoseNet;

namespace {

/// Refuses the first input value that is not finite or not normalised pressure, naming where it is.
void checkInput(std::span<const float> windows, const ModelConfig& c)
{
    constexpr float lo = -PoseModel::kInputTolerance, hi = 1.0f + PoseModel::kInputTolerance;
    const auto bad = std::find_if(windows.begin(), windows.end(), [](float v) { return !(v >= lo && v <= hi); });
    if (bad == windows.end())
        return;
    std::size_t i = std::size_t(bad - windows.begin());
    const std::size_t col = i % std::size_t(c.inputCols);
    i /= std::size_t(c.inputCols);
    const std::size_t row = i % std::size_t(c.inputRows);
    i /= std::size_t(c.inputRows);
    const std::size_t frame = i % std::size_t(c.window);
    i /= std::size_t(c.window);
    const std::size_t foot = i % 2, window = i / 2;
    char value[32];
    std::snprintf(value, sizeof value, "%g", double(*bad));
    throw Error("model input: window " + std::to_string(window) + ", " + (foot == 0 ? "left" : "right") +
                " foot, frame " + std::to_string(frame) + ", taxel (" + std::to_string(row) + ", " +
                std::to_string(col) + ") is " + value + (std::isfinite(*bad) ? "" : " (NaN or infinite)") +
                "; inputs are normalised pressure in [0, 1] (raw ADC counts must go through the insole's "
                "calibration first)");
}

/// The CPU's native bfloat16 instruction sets, read once (CPUID leaf 7; XCR0 for the registers).
struct Bf16Cpu {
    bool avx512 = false, amx = false;
};

Bf16Cpu readBf16Cpu()
{
    Bf16Cpu r;
#if defined(__x86_64__) || defined(__i386__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || __get_cpuid_max(0, nullptr) < 7)
        return r;
    unsigned lo = 0, hi = 0;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    const std::uint64_t xcr0 = (std::uint64_t(hi) << 32) | lo;
    const bool zmmSaved = (xcr0 & 0xE6) == 0xE6; // SSE, AVX, opmask and both ZMM halves
    const bool tilesSaved = (xcr0 & 0x60000) == 0x60000; // XTILECFG, XTILEDATA
    __cpuid_count(7, 0, a, b, c, d);
    const unsigned subleaves = a;
    r.amx = tilesSaved && (d & (1u << 22)); // AMX-BF16
    if (subleaves >= 1) {
        __cpuid_count(7, 1, a, b, c, d);
        r.avx512 = zmmSaved && (a & (1u << 5)); // AVX512_BF16
    }
#endif
    return r;
}

/// The CPUs this process may run on.
int usableCpus()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return std::max(1, int(std::thread::hardware_concurrency()));
}

/// Sets the calling thread's OpenMP thread count (LibTorch and oneDNN read it for every parallel
/// step). torch::set_num_threads also resizes pools and clears oneDNN caches: 0.4 ms a switch
/// there against microseconds here. LibTorch loads libgomp; without it, fall back.
void setCallingThreadCount(int threads)
{
    using SetThreads = void (*)(int);
    static const auto omp = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    if (omp)
        omp(threads);
    else
        torch::set_num_threads(threads);
}

/// Runs a scope on `threads` threads and restores the count after.
class ThreadScope {
public:
    explicit ThreadScope(int threads) : m_before(torch::get_num_threads())
    {
        if (threads != m_before)
            setCallingThreadCount(threads);
    }
    ~ThreadScope()
    {
        if (torch::get_num_threads() != m_before)
            setCallingThreadCount(m_before);
    }
    ThreadScope(const ThreadScope&) = delete;
    ThreadScope& operator=(const ThreadScope&) = delete;

private:
    int m_before;
};

} // namespace

const char* precisionName(Precision precision) { return precision == Precision::BFloat16 ? "bfloat16" : "float32"; }

bool PoseModel::bf16Supported()
{
    static const Bf16Cpu cpu = readBf16Cpu();
    const char* off = std::getenv("INSOLEPOSE_NO_BF16");
    return (cpu.avx512 || cpu.amx) && !(off && *off && std::strcmp(off, "0") != 0);
}

void PoseModel::requirePrecision(Precision precision)
{
    if (precision == Precision::BFloat16 && !bf16Supported())
        throw Error(std::string("bfloat16 inference needs a CPU with AVX-512 BF16 (avx512_bf16) or AMX-BF16 "
                                "(amx_bf16); this CPU has neither") +
                    (std::getenv("INSOLEPOSE_NO_BF16") ? " (INSOLEPOSE_NO_BF16 is set)" : "") +
                    "; use float32 (the default)");
}

std::shared_ptr<const detail::InferencePlan> PoseModel::Impl::plan(Precision precision)
{
    std::lock_guard lock(m_planMutex);
    auto& slot = m_plans[precision == Precision::BFloat16 ? 1 : 0];
    if (!slot || !slot->matches(*net))
        slot = std::make_shared<const detail::InferencePlan>(*net, precision == Precision::BFloat16 ? torch::kBFloat16
                                                                                                    : torch::kFloat);
    return slot;
}

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

void PoseModel::setThreads(int threads) { torch::set_num_threads(std::clamp(threads, 1, maxThreads())); }
int PoseModel::threads() { return torch::get_num_threads(); }
int PoseModel::maxThreads() { return std::clamp(int(std::thread::hardware_concurrency()) * 4, 4, 256); }

std::string PoseModel::fileSha256(const std::filesystem::path& file)
{
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        throw IoError(file.string() + ": cannot read: " + f.errorString().toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        throw IoError(file.string() + ": cannot read: " + f.errorString().toStdString());
    return hash.result().toHex().toStdString();
}

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
    sidecar["weights_sha256"] = QString::fromStdString(fileSha256(file));
    writeJsonAtomically(file.string() + ".json", sidecar);
    d->metadata = sidecar;
    d->file = file;
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
    // A flipped byte in the weights loads without complaint in LibTorch: compare the checksum.
    const QString expectedSha = meta["weights_sha256"].toString();
    if (expectedSha.isEmpty()) {
        qCWarning(lcModel).noquote() << QString::fromStdString(sidecar.string())
                                     << "has no weights_sha256: the weights cannot be checked for corruption "
                                        "(save the model again to add it)";
    } else {
        const std::string actual = fileSha256(file);
        if (expectedSha.toLower().toStdString() != actual)
            throw FormatError(file.string() + ": the weights' SHA-256 " + actual + " differs from " +
                              expectedSha.toStdString() + " recorded in " + sidecar.filename().string() +
                              ": the file is corrupt or was changed after it was saved");
    }
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
        if (!torch::isfinite(*t).all().item<bool>())
            throw FormatError(file.string() + ": tensor '" + name + "' holds NaN or infinite values");
    }
    m.d->metadata = meta;
    m.d->file = file;
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
    PredictOptions o;
    o.fastPath = fastPath;
    o.wantHeatmaps = wantHeatmaps;
    return predict(windows, count, o);
}

ModelOutput PoseModel::predict(std::span<const float> windows, std::size_t count, const PredictOptions& o) const
{
    const ModelConfig& c = d->config;
    const std::size_t per = std::size_t(2 * c.window * c.inputRows * c.inputCols);
    if (windows.size() != per * count)
        throw Error("model input: " + std::to_string(windows.size()) + " values for " + std::to_string(count) +
                    " windows; each needs 2 x " + std::to_string(c.window) + " x " + std::to_string(c.inputRows) +
                    " x " + std::to_string(c.inputCols) + " = " + std::to_string(per));
    checkInput(windows, c);
    requirePrecision(o.precision);
    if (o.precision == Precision::BFloat16 && !o.fastPath)
        throw Error("model: bfloat16 inference runs on the fast path only (PredictOptions::fastPath)");
    c10::InferenceMode guard;
    {
        // Several threads predict with one model at once (a LiveGroup's pairs): the modules' mode
        // flags are written by the first call after loading or training only, under a lock, and
        // only read after it (docs/MODEL.md, "Threads and shared state").
        static std::mutex modeMutex;
        const std::lock_guard lock(modeMutex);
        if (d->net->is_training())
            d->net->eval();
    }
    const torch::Tensor x = torch::from_blob(const_cast<float*>(windows.data()),
                                             {int64_t(count), 2, c.window, c.inputRows, c.inputCols}, torch::kFloat);
    const bool adapt = o.adaptiveThreads && o.fastPath && count == 1;
    const int threads =
        adapt ? d->threads.next(std::min(torch::get_num_threads(), usableCpus())) : torch::get_num_threads();
    torch::Tensor grid, h;
    {
        const ThreadScope scope(threads);
        const auto t0 = std::chrono::steady_clock::now();
        if (o.fastPath) {
            grid = d->plan(o.precision)->keypoints(x, &h);
        } else {
            h = d->net->heatmaps(x.select(1, 0), x.select(1, 1));
            grid = detail::softArgmax(h);
        }
        if (adapt)
            d->threads.record(threads,
                              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    const torch::Tensor kp = detail::gridToMetres(grid, c).contiguous();
    ModelOutput out;
    out.threads = threads;
    const float* p = kp.data_ptr<float>();
    out.keypoints.resize(count);
    for (std::size_t n = 0; n < count; ++n)
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            out.keypoints[n][k] = Eigen::Vector3f(p[(n * kKeypointCount + k) * 3], p[(n * kKeypointCount + k) * 3 + 1],
                                                  p[(n * kKeypointCount + k) * 3 + 2]);
    for (std::size_t i = 0; i < std::size_t(kp.numel()); ++i)
        if (!std::isfinite(p[i]))
            throw Error("model output: keypoint " + std::to_string(i / 3 % kKeypointCount) + " of window " +
                        std::to_string(i / 3 / kKeypointCount) + " is not finite" +
                        (d->file.empty() ? std::string() : " (model " + d->file.string() + ")") +
                        ": the weights or the input are broken; no keypoints are returned");
    out.heatmapShape = {int(h.size(2)), int(h.size(3)), int(h.size(4))};
    if (o.wantHeatmaps) {
        const torch::Tensor hc = h.contiguous();
        out.heatmaps.assign(hc.data_ptr<float>(), hc.data_ptr<float>() + hc.numel());
    }
    return out;
}

namespace {

/// Median of `repeats` batch-1 forwards of the first window, after two to warm up.
double medianForwardMs(const PoseModel& model, std::span<const float> window, Precision precision, int repeats)
{
    PredictOptions o;
    o.precision = precision;
    std::vector<double> ms;
    for (int i = 0; i < repeats + 2; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        model.predict(window, 1, o);
        if (i >= 2)
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

std::string format(const char* pattern, double a, double b = 0.0)
{
    char text[200];
    std::snprintf(text, sizeof text, pattern, a, b);
    return text;
}

} // namespace

PrecisionChoice livePrecisionFor(const PoseModel& model, std::span<const float> windows, std::size_t count, int repeats)
{
    const ModelConfig& c = model.config();
    const std::size_t per = std::size_t(2 * c.window * c.inputRows * c.inputCols);
    std::vector<float> own;
    if (count == 0) { // seeded sparse windows, like pressure: most taxels unloaded
        count = 4;
        own.resize(count * per);
        std::mt19937 rng(1);
        std::uniform_real_distribution<float> u(0.0f, 1.0f);
        for (float& v : own)
            v = u(rng) < 0.6f ? 0.0f : u(rng);
        windows = own;
    }
    repeats = std::max(1, repeats);
    PrecisionChoice r;
    r.float32_ms = medianForwardMs(model, windows.first(per), Precision::Float32, repeats);
    if (!PoseModel::bf16Supported()) {
        r.reason = "this CPU has no native bfloat16 (AVX-512 BF16 or AMX-BF16): float32";
        return r;
    }
    r.bfloat16_ms = medianForwardMs(model, windows.first(per), Precision::BFloat16, repeats);
    PredictOptions bf;
    bf.precision = Precision::BFloat16;
    const ModelOutput a = model.predict(windows, count, PredictOptions{}), b = model.predict(windows, count, bf);
    for (std::size_t i = 0; i < count; ++i)
        r.difference_cm += 100.0 * double(mpjpe(a.keypoints[i], b.keypoints[i])) / double(count);
    if (r.bfloat16_ms > kBf16TargetMs)
        r.reason = format("bfloat16 takes %.1f ms, above the %.0f ms target: float32", r.bfloat16_ms, kBf16TargetMs);
    else if (r.bfloat16_ms >= r.float32_ms)
        r.reason = format("bfloat16 (%.1f ms) is not faster than float32 (%.1f ms) here: float32", r.bfloat16_ms,
                          r.float32_ms);
    else if (r.difference_cm >= kBf16TargetCm)
        r.reason = format("bfloat16 moves the keypoints by %.3f cm on average, above %.1f cm: float32", r.difference_cm,
                          kBf16TargetCm);
    else {
        r.precision = Precision::BFloat16;
        r.reason = format("bfloat16: %.1f ms (float32 %.1f ms), ", r.bfloat16_ms, r.float32_ms) +
                   format("keypoints within %.3f cm of float32 on average", r.difference_cm);
    }
    return r;
}

} // namespace insolepose::model
