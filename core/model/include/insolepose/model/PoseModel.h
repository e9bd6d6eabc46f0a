#pragma once
// The 40-frame pose model behind a plain C++ interface (LibTorch stays in core's .cpp files):
// two tactile encoders (one per foot), a 2-D to 3-D lift, a 3-D decoder to 19 heatmaps and a
// soft-argmax. Inputs are windows of normalised frames, left foot first: (2, T, rows, cols)
// floats in [0, 1]. Outputs are keypoints in the normalised pose frame (metres; the paper's
// eq. 1) and, on request, the heatmaps. Errors: FormatError for a corrupt or mismatched model
// file, Error for bad input sizes or values; messages name the file, tensor or field.
#include "insolepose/Skeleton.h"
#include "insolepose/model/ModelConfig.h"

#include <QJsonObject>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace insolepose::model {

struct ModelOutput {
    std::vector<Pose> keypoints; ///< One pose per window, metres in the normalised frame.
    std::vector<float> heatmaps; ///< (N, 19, H, W, D) when requested, else empty.
    std::array<int, 3> heatmapShape{0, 0, 0};
    int threads = 0; ///< The CPU threads the forward pass ran on.
};

/// The number format of the forward pass (docs/MODEL.md, "Inference speed").
enum class Precision { Float32, BFloat16 };
/// "float32" or "bfloat16".
const char* precisionName(Precision precision);

struct PredictOptions {
    /// The inference plan (exact-equivalent formulations, fused passes; docs/MODEL.md "Inference
    /// speed"); false runs the modules as they train (slow at batch 1, the reference).
    bool fastPath = true;
    bool wantHeatmaps = false;
    /// BFloat16 runs the plan's convolutions in bfloat16; needs bf16Supported() and the fast path.
    Precision precision = Precision::Float32;
    /// Batch-1 calls only: run each call on one thread or on all of threads() (at most the CPUs this
    /// process may use), whichever this model's recent calls found faster (ThreadChooser). For live
    /// use on a machine where other programs may hold a core.
    bool adaptiveThreads = false;
};

class PoseModel {
public:
    /// A freshly initialised model (deterministic for `seed`).
    PoseModel(const ModelConfig& config, std::uint64_t seed = 1);
    ~PoseModel();
    PoseModel(PoseModel&&) noexcept;
    PoseModel& operator=(PoseModel&&) noexcept;

    /// Loads `file` (weights) with its sidecar `file.json`. Throws FormatError / IoError. The
    /// SHA-256 of `file` must equal the sidecar's `weights_sha256` (a flipped byte is refused,
    /// naming the file); a sidecar without one (older models) loads with a warning. Every
    /// parameter must be finite.
    static PoseModel load(const std::filesystem::path& file);
    /// Writes the weights to `file` and the sidecar JSON (config, keypoint order, grid extents,
    /// the weights' SHA-256, plus `metadata`) to `file.json`.
    void save(const std::filesystem::path& file, const QJsonObject& metadata = {}) const;
    /// The lowercase hex SHA-256 of a file's bytes (as stored in `weights_sha256`).
    static std::string fileSha256(const std::filesystem::path& file);
    /// Every parameter and buffer under PyTorch state_dict names, as an .npz archive.
    void exportNpz(const std::filesystem::path& file) const;

    const ModelConfig& config() const;
    const QJsonObject& metadata() const;
    std::int64_t parameterCount() const;
    std::int64_t encoderParameterCount() const;

    /// Inputs are normalised pressure in [0, 1]; values beyond it by more than this (raw ADC
    /// counts, 3e38, NaN) are refused rather than turned into meaningless keypoints.
    static constexpr float kInputTolerance = 0.01f;

    /// Runs `count` windows (count * 2 * T * rows * cols floats). Inference mode, eval.
    /// `fastPath` uses the exact-equivalent batch-1 formulations of Conv3d and ConvTranspose3d.
    /// Throws Error naming the window, foot, frame and taxel of the first value that is not
    /// finite or outside [0, 1] (give or take kInputTolerance), and when an output keypoint is
    /// not finite (it never returns NaN keypoints).
    ModelOutput predict(std::span<const float> windows, std::size_t count, bool fastPath = true,
                        bool wantHeatmaps = false) const;
    /// The same with every option; throws Error for bfloat16 where the CPU lacks it (naming the
    /// instruction sets) or without the fast path.
    ModelOutput predict(std::span<const float> windows, std::size_t count, const PredictOptions& options) const;

    /// Whether this CPU runs bfloat16 natively: AVX-512 BF16 or AMX-BF16 (read from CPUID, with
    /// the operating system saving their registers). INSOLEPOSE_NO_BF16=1 in the environment
    /// answers false, to try the refusal on any CPU.
    static bool bf16Supported();
    /// Throws Error naming the missing instruction sets when `precision` cannot run on this CPU.
    static void requirePrecision(Precision precision);

    /// Sets the CPU threads LibTorch uses (LibTorch 1.13 here defaults to one), clamped to
    /// 1..maxThreads().
    static void setThreads(int threads);
    static int threads();
    /// The most threads worth asking for: four per hardware thread (at least 4), at most 256.
    static int maxThreads();

    struct Impl;
    Impl& impl() const { return *d; }

private:
    std::unique_ptr<Impl> d;
};

/// Live mode's targets for bfloat16 (issue 15): a batch-1 forward within this many milliseconds...
inline constexpr double kBf16TargetMs = 20.0;
/// ...and keypoints within this many centimetres of float32 on average.
inline constexpr double kBf16TargetCm = 0.1;

struct PrecisionChoice {
    Precision precision = Precision::Float32;
    double float32_ms = 0.0; ///< Median batch-1 forward in float32.
    double bfloat16_ms = 0.0; ///< The same in bfloat16 (0 when the CPU lacks it).
    double difference_cm = 0.0; ///< Mean keypoint distance between the two (0 when not measured).
    std::string reason; ///< One sentence: why this precision.
};

/// What live mode should run `model` in: BFloat16 when the CPU has it, its batch-1 median is at
/// most kBf16TargetMs and below float32's, and its keypoints stay within kBf16TargetCm of
/// float32's on average over `windows` (`count` windows; none: seeded random sparse windows);
/// otherwise Float32. Runs `repeats` forwards in each precision on the calling thread with its
/// thread count (about a second for the paper configuration).
PrecisionChoice livePrecisionFor(const PoseModel& model, std::span<const float> windows = {}, std::size_t count = 0,
                                 int repeats = 7);

} // namespace insolepose::model
