// The network's internal formulations (core/model/src/PoseNet.h): the training formulation of
// the decoder's ConvTranspose3d (docs/DISTRIBUTED.md, "Speed") must give the same heatmaps and
// the same gradients as LibTorch's own layer, which the PyTorch reference test pins down.
#include "PoseNet.h"

#include <QTest>

namespace net = insolepose::model::detail;
using insolepose::model::ModelConfig;
using Formulation = net::PoseNetImpl::Formulation;

class TestPoseNet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainingFormulationMatchesReference_data();
    void trainingFormulationMatchesReference();
    void pointwiseRefusesOverlappingKernels();
};

void TestPoseNet::trainingFormulationMatchesReference_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<int>("batch");
    QTest::newRow("lite, batch 3") << "lite" << 3;
    QTest::newRow("paper, batch 2") << "paper" << 2;
}

void TestPoseNet::trainingFormulationMatchesReference()
{
    QFETCH(QString, config);
    QFETCH(int, batch);
    torch::manual_seed(7);
    const ModelConfig c = config == "paper" ? ModelConfig::paper() : ModelConfig::lite();
    net::PoseNet posenet(c);
    posenet->train(); // batch statistics, as in training
    const torch::Tensor left = torch::rand({batch, c.window, c.inputRows, c.inputCols});
    const torch::Tensor right = torch::rand({batch, c.window, c.inputRows, c.inputCols});

    auto run = [&](Formulation f) {
        posenet->zero_grad();
        const torch::Tensor h = posenet->heatmaps(left, right, f);
        // A loss that weighs every voxel differently, so a misplaced block changes the gradients.
        torch::manual_seed(11);
        const torch::Tensor weights = torch::rand(h.sizes());
        (h * weights).sum().backward();
        std::vector<torch::Tensor> grads;
        for (const auto& p : posenet->parameters())
            grads.push_back(p.grad().clone());
        return std::make_pair(h.detach().clone(), grads);
    };
    const auto [hRef, gRef] = run(Formulation::Reference);
    const auto [hTrain, gTrain] = run(Formulation::Training);
    QCOMPARE(hTrain.sizes().vec(), hRef.sizes().vec());
    QVERIFY(hRef.abs().sum().item<double>() > 0); // not an all-zero comparison
    const double dh = (hTrain - hRef).abs().max().item<double>();
    QVERIFY2(dh < 1e-5, qPrintable(QString("heatmaps differ by %1").arg(dh)));
    const auto params = posenet->named_parameters();
    QCOMPARE(gTrain.size(), gRef.size());
    for (std::size_t i = 0; i < gRef.size(); ++i) {
        const double scale = std::max(1.0, gRef[i].abs().max().item<double>());
        const double d = (gTrain[i] - gRef[i]).abs().max().item<double>() / scale;
        QVERIFY2(d < 1e-4, qPrintable(QString("gradient of %1 differs by %2 (relative)")
                                          .arg(QString::fromStdString(params.keys()[i]))
                                          .arg(d)));
    }
}

void TestPoseNet::pointwiseRefusesOverlappingKernels()
{
    torch::nn::ConvTranspose3d overlapping(torch::nn::ConvTranspose3dOptions(4, 2, 3).stride(2));
    QVERIFY_THROWS_EXCEPTION(c10::Error, net::convTranspose3dPointwise(torch::rand({1, 4, 2, 2, 2}), overlapping));
}

QTEST_GUILESS_MAIN(TestPoseNet)
#include "test_posenet.moc"
