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

} // namespace insolepose::model
