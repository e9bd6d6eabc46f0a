#include "PoseNet.h"

namespace insolepose::model::detail {

ConvBlock2dImpl::ConvBlock2dImpl(int in, int out, bool pool_, float slope_) : pool(pool_), slope(slope_)
{
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    bn = register_module("bn", torch::nn::BatchNorm2d(out));
}

torch::Tensor ConvBlock2dImpl::forward(torch::Tensor x)
{
    x = bn(torch::leaky_relu(conv(x), slope));
    return pool ? torch::max_pool2d(x, 2) : x;
}

EncoderImpl::EncoderImpl(const ModelConfig& c)
{
    const auto& ch = c.encoderChannels;
    b1 = register_module("b1", ConvBlock2d(c.window, ch[0], false, c.leakySlope));
    b2 = register_module("b2", ConvBlock2d(ch[0], ch[1], true, c.leakySlope));
    b3 = register_module("b3", ConvBlock2d(ch[1], ch[2], false, c.leakySlope));
    b4 = register_module("b4", ConvBlock2d(ch[2], ch[3], true, c.leakySlope));
}

torch::Tensor EncoderImpl::forward(torch::Tensor x) { return b4(b3(b2(b1(x)))); }

PoseNetImpl::PoseNetImpl(const ModelConfig& c) : config(c)
{
    left = register_module("left", Encoder(c));
    right = register_module("right", Encoder(c));
    const int lifted = c.encoderChannels[3] + 1;
    const auto& dc = c.decoderChannels;
    using namespace torch::nn;
    d1 = register_module("d1", Conv3d(Conv3dOptions(lifted, dc[0], {3, 5, 5}).padding(1)));
    bn1 = register_module("bn1", BatchNorm3d(dc[0]));
    d2 = register_module("d2", Conv3d(Conv3dOptions(dc[0], dc[1], {3, 4, 3}).padding(1)));
    bn2 = register_module("bn2", BatchNorm3d(dc[1]));
    d3 = register_module("d3", ConvTranspose3d(ConvTranspose3dOptions(dc[1], dc[2], 2).stride(3)));
    bn3 = register_module("bn3", BatchNorm3d(dc[2]));
    d4 = register_module("d4", Conv3d(Conv3dOptions(dc[2], int(kKeypointCount), {3, 3, 5}).padding(1)));
}

torch::Tensor PoseNetImpl::features(torch::Tensor l, torch::Tensor r) { return torch::cat({left(l), right(r)}, 3); }

torch::Tensor PoseNetImpl::heatmaps(torch::Tensor l, torch::Tensor r, Formulation formulation)
{
    torch::Tensor f = features(l, r); // (N, C, 7, 10)
    const auto n = f.size(0);
    // Lift to 3-D: repeat along a new last axis and add a channel that says the depth (i / (D-1)).
    const int bins = config.depthBins;
    torch::Tensor volume = f.unsqueeze(-1).expand({n, f.size(1), f.size(2), f.size(3), bins});
    torch::Tensor depth = torch::linspace(0.0, 1.0, bins, f.options())
                              .view({1, 1, 1, 1, bins})
                              .expand({n, 1, f.size(2), f.size(3), bins});
    torch::Tensor x = torch::cat({volume, depth}, 1);
    const float s = config.leakySlope;
    x = bn1(torch::leaky_relu(d1(x), s));
    x = bn2(torch::leaky_relu(d2(x), s));
    x = formulation == Formulation::Training ? convTranspose3dPointwise(x, d3) : d3(x);
    x = bn3(torch::leaky_relu(x, s));
    x = d4(x);
    return x.clamp(0.0, 1.0);
}

torch::Tensor softArgmax(const torch::Tensor& h)
{
    const auto opts = h.options();
    const torch::Tensor total = h.sum({2, 3, 4}) + 1e-6;
    const torch::Tensor px = torch::linspace(0.0, 1.0, h.size(2), opts);
    const torch::Tensor py = torch::linspace(0.0, 1.0, h.size(3), opts);
    const torch::Tensor pz = torch::linspace(0.0, 1.0, h.size(4), opts);
    const torch::Tensor x = (h.sum({3, 4}) * px).sum(2) / total;
    const torch::Tensor y = (h.sum({2, 4}) * py).sum(2) / total;
    const torch::Tensor z = (h.sum({2, 3}) * pz).sum(2) / total;
    return torch::stack({x, y, z}, 2);
}

torch::Tensor gridToMetres(const torch::Tensor& g, const ModelConfig& c)
{
    const torch::Tensor lo = torch::tensor({c.xMin, c.yMin, c.zMin}, g.options());
    const torch::Tensor span = torch::tensor({c.xMax - c.xMin, c.yMax - c.yMin, c.zMax - c.zMin}, g.options());
    return g * span + lo;
}

torch::Tensor metresToGrid(const torch::Tensor& m, const ModelConfig& c)
{
    const torch::Tensor lo = torch::tensor({c.xMin, c.yMin, c.zMin}, m.options());
    const torch::Tensor span = torch::tensor({c.xMax - c.xMin, c.yMax - c.yMin, c.zMax - c.zMin}, m.options());
    return (m - lo) / span;
}

torch::Tensor convTranspose3dPointwise(const torch::Tensor& x, const torch::nn::ConvTranspose3d& conv)
{
    // With stride s >= kernel k every input voxel paints its own k x k x k block of an s x s x s
    // cell: one 1x1x1 convolution computes every block's values as channels (co * k^3), padding
    // each block to s along its three axes places them, and the cells tile the output.
    const auto& w = conv->weight; // (ci, co, ka, kb, kc)
    const auto& o = conv->options;
    const int64_t s = (*o.stride())[0];
    const int64_t n = x.size(0), a = x.size(2), b = x.size(3), cc = x.size(4);
    const int64_t ci = w.size(0), co = w.size(1), ka = w.size(2), kb = w.size(3), kc = w.size(4);
    const auto& pad = c10::get<torch::ExpandingArray<3>>(o.padding());
    TORCH_CHECK(s >= ka && s >= kb && s >= kc && (*o.stride())[1] == s && (*o.stride())[2] == s && (*pad)[0] == 0 &&
                    (*pad)[1] == 0 && (*pad)[2] == 0,
                "convTranspose3dPointwise needs stride >= kernel and no padding");
    const torch::Tensor w1 = w.permute({1, 2, 3, 4, 0}).reshape({co * ka * kb * kc, ci, 1, 1, 1});
    const torch::Tensor y = torch::conv3d(x, w1) // (n, co * ka * kb * kc, a, b, cc)
                                .view({n, co, ka, kb, kc, a, b, cc})
                                .permute({0, 1, 5, 2, 6, 3, 7, 4}); // (n, co, a, ka, b, kb, cc, kc)
    const torch::Tensor cells = torch::constant_pad_nd(y, {0, s - kc, 0, 0, 0, s - kb, 0, 0, 0, s - ka});
    torch::Tensor out = cells.view({n, co, a * s, b * s, cc * s})
                            .narrow(2, 0, (a - 1) * s + ka)
                            .narrow(3, 0, (b - 1) * s + kb)
                            .narrow(4, 0, (cc - 1) * s + kc);
    if (conv->bias.defined())
        out = out + conv->bias.view({1, co, 1, 1, 1});
    return out;
}

} // namespace insolepose::model::detail
