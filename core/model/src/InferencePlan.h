#pragma once
// Internal (torch): the inference engine behind PoseModel::predict's fast path (docs/MODEL.md,
// "Inference speed"). Built once from a PoseNet's eval-mode weights and rebuilt when they change.
// Eight oneDNN convolutions with prepacked weights and seven fused passes:
// - both encoders run as one grouped convolution per layer (left foot = group 0);
// - D1 becomes one 2-D convolution of the feature map: the lift repeats the features along depth,
//   so the depth taps of each output depth sum into one kernel (three distinct sums: the first and
//   last depth lose a tap to the padding); the depth channel and the padding give a constant map;
// - ConvTranspose3d with stride > kernel is a 1x1 convolution followed by a scatter;
// - D4 is one convolution of the slices along the first axis, its first-axis taps stacked as output
//   channels; slices that lie between D3's blocks hold a constant, whose part is a map;
// - bias, LeakyReLU, batch norm (eval), pooling, scatter, clipping and the soft-argmax are plain
//   loops, one pass each (no small parallel regions to wait on when another program holds a core).
// The same plan runs in float32 or bfloat16 (convolutions in the chosen type, passes in float).
#include "PoseNet.h"

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace insolepose::model::detail {

class InferencePlan {
public:
    /// `dtype`: torch::kFloat or torch::kBFloat16. Throws c10::Error when oneDNN refuses.
    InferencePlan(const PoseNetImpl& net, torch::ScalarType dtype);

    /// windows: (N, 2, T, rows, cols) float, contiguous. Returns keypoints (N, K, 3) in grid
    /// units [0, 1]^3 and, when `heatmaps` is given, fills it with (N, K, H, W, D) in [0, 1].
    torch::Tensor keypoints(const torch::Tensor& windows, torch::Tensor* heatmaps = nullptr) const;

    /// False once `net`'s parameters or batch-norm statistics changed since the plan was built.
    bool matches(const PoseNetImpl& net) const;

    /// Per-channel constants of one fused pass: out = scale * lrelu(in + bias) + shift.
    struct Affine {
        std::vector<float> bias, scale, shift;
    };
    /// A convolution with its weights in oneDNN's layout.
    struct Conv {
        torch::Tensor weight;
        std::vector<int64_t> padding, ones;
        int64_t groups = 1;
        torch::Tensor run(const torch::Tensor& x) const;
    };

private:
    template <typename T> torch::Tensor forward(const torch::Tensor& windows, torch::Tensor* heatmaps) const;

    torch::ScalarType m_dtype;
    float m_slope;
    std::vector<std::pair<const void*, int64_t>> m_fingerprint;
    // Encoders: one grouped convolution and one pass per layer.
    std::vector<Conv> m_encoder;
    std::vector<Affine> m_encoderAffine;
    std::vector<bool> m_encoderPool;
    // D1 on the feature map: kernel sums stacked as output channels, which sum serves each output
    // depth, and the constant map (O, H, W, D) of the depth channel, the padding and the bias.
    Conv m_d1;
    std::vector<int> m_d1SumOfDepth;
    torch::Tensor m_d1Map;
    Affine m_d1Affine;
    Conv m_d2;
    Affine m_d2Affine;
    Conv m_d3; ///< 1x1: (Co * ka * kb * kc) outputs per input voxel.
    std::array<int64_t, 4> m_d3Shape{}; ///< Co, ka, kb, kc; the stride is m_d3Stride.
    int64_t m_d3Stride = 1;
    Affine m_d3Affine;
    // D4 on D3's output minus its per-channel value between the blocks (which is then zero on
    // every slice no block reaches, so those slices are skipped), plus the constant map of that
    // value, the padding and the bias: (K, A', B', C').
    Conv m_d4; ///< On slices: (ka * K) outputs, one block per first-axis tap.
    int64_t m_d4Taps = 1, m_d4Pad = 0;
    std::vector<int> m_sliceOf; ///< For each first-axis index of D4's input: its slice, or -1.
    int64_t m_slices = 0;
    torch::Tensor m_d4Map;
};

} // namespace insolepose::model::detail
