#pragma once
// Internal (torch): the network modules. Included only by the model's .cpp files.
#include "insolepose/model/ModelConfig.h"

#include "insolepose/Skeleton.h"

#include <torch/torch.h>

namespace insolepose::model::detail {

/// conv -> LeakyReLU -> BatchNorm (the authors' order), optionally followed by 2x2 max pooling.
struct ConvBlock2dImpl : torch::nn::Module {
    ConvBlock2dImpl(int in, int out, bool pool, float slope);
    torch::Tensor forward(torch::Tensor x);
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
    bool pool;
    float slope;
};
TORCH_MODULE(ConvBlock2d);

struct EncoderImpl : torch::nn::Module {
    EncoderImpl(const ModelConfig& c);
    torch::Tensor forward(torch::Tensor x);
    ConvBlock2d b1{nullptr}, b2{nullptr}, b3{nullptr}, b4{nullptr};
};
TORCH_MODULE(Encoder);

struct PoseNetImpl : torch::nn::Module {
    explicit PoseNetImpl(const ModelConfig& c);
    /// How the decoder's ConvTranspose3d is computed; both give the same numbers.
    enum class Formulation {
        Reference, ///< LibTorch's own layers, as the PyTorch reference model (tests/reference_model.py).
        Training, ///< d3 as a 1x1x1 oneDNN convolution plus padding (docs/DISTRIBUTED.md, "Speed").
    };
    /// left, right: (N, T, rows, cols). Returns heatmaps (N, 19, H, W, D) clipped to [0, 1].
    torch::Tensor heatmaps(torch::Tensor left, torch::Tensor right, Formulation f = Formulation::Reference);
    /// The encoders' joint feature map (N, C, 7, 10), for the action probe.
    torch::Tensor features(torch::Tensor left, torch::Tensor right);
    ModelConfig config;
    Encoder left{nullptr}, right{nullptr};
    torch::nn::Conv3d d1{nullptr}, d2{nullptr};
    torch::nn::ConvTranspose3d d3{nullptr};
    torch::nn::Conv3d d4{nullptr};
    torch::nn::BatchNorm3d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
};
TORCH_MODULE(PoseNet);

/// Soft-argmax as the authors do it: sum(pos * h) / (sum(h) + 1e-6) per axis, pos in [0, 1].
/// heatmaps (N, K, H, W, D) -> (N, K, 3) in normalised grid units.
torch::Tensor softArgmax(const torch::Tensor& heatmaps);
/// Grid units [0, 1]^3 <-> metres of the normalised pose.
torch::Tensor gridToMetres(const torch::Tensor& grid, const ModelConfig& c);
torch::Tensor metresToGrid(const torch::Tensor& metres, const ModelConfig& c);

/// ConvTranspose3d with stride >= kernel (d3) as a pointwise Conv3d, differentiable: LibTorch 1.13
/// runs its own ConvTranspose3d through the system BLAS, this through oneDNN.
torch::Tensor convTranspose3dPointwise(const torch::Tensor& x, const torch::nn::ConvTranspose3d& conv);

} // namespace insolepose::model::detail
