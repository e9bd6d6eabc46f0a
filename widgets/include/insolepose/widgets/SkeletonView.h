#pragma once
// A 3D view of one 19-keypoint skeleton (or several people) over a floor grid, rendered by VTK into a Qt 6
// QOpenGLWindow embedded with QWidget::createWindowContainer (a QOpenGLWidget would switch the
// whole main window to OpenGL composition, which costs ~0.3 s per frame under software OpenGL).
// VTK stays behind the pimpl: this header names no VTK type. Reports no errors; a pose with
// non-finite coordinates is hidden.
#include "insolepose/Skeleton.h"

#include <QImage>
#include <QString>
#include <QWidget>

#include <array>

#include <memory>
#include <optional>
#include <vector>

namespace insolepose {

/// Where the camera looks from, around the body's pelvis: azimuth in degrees (0 = the camera on
/// the +x side, 90 = on the +y side, which is the person's front in the normalised frame),
/// elevation in degrees, distance in metres.
struct ViewOrbit {
    double azimuth = 65, elevation = 12, distance = 3.9;
    friend bool operator==(const ViewOrbit&, const ViewOrbit&) = default;
};

class SkeletonView : public QWidget {
    Q_OBJECT
public:
    enum class Preset { Default, Front, Side, Top };

    explicit SkeletonView(QWidget* parent = nullptr);
    ~SkeletonView() override;

    void setPose(const std::optional<Pose>& pose);
    bool hasPose() const;
    /// A second skeleton in the same scene (overlay mode), drawn in `colour`-tinted thin lines.
    void setOverlayPose(const std::optional<Pose>& pose);
    bool hasOverlayPose() const;
    /// More people drawn beside the pose, in the same colours (e.g. several pairs of insoles live).
    void setExtraPoses(std::vector<Pose> poses);
    int extraPoseCount() const;
    /// Colours the joints by error (cm; 0 green .. 20+ red) instead of by side, with a legend of
    /// the scale under the view; nullopt: by side, no legend.
    void setJointErrors(const std::optional<std::array<float, kKeypointCount>>& errors_cm);
    /// True while joints are coloured by error (the legend is shown).
    bool isErrorLegendShown() const;
    /// A line of text drawn in the corner (for example what the row shows).
    void setCaption(const QString& caption);

    ViewOrbit orbit() const;
    /// Moves the camera; emits orbitChanged when it changed.
    void setOrbit(const ViewOrbit& orbit);
    /// Moves the camera to a preset relative to where the shown pose faces (facingAzimuth).
    void setPreset(Preset preset);
    /// The preset's orbit for a person facing `facingAzimuth_deg` (default: the normalised frame's
    /// +y): front looks at the face, side at the right side, top down with the front up on screen.
    static ViewOrbit presetOrbit(Preset preset, double facingAzimuth_deg = 90);
    /// The direction a pose faces, in degrees about z: the floor-plane perpendicular to the
    /// left-to-right shoulder vector, z × (right − left) (docs/REFERENCE.md, Normalisation).
    static double facingAzimuth(const Pose& pose);
    /// Requests the OpenGL 3.2 core default format VTK needs; call before QApplication exists.
    static void prepareDefaultSurfaceFormat();

    QSize sizeHint() const override { return {360, 300}; }

Q_SIGNALS:
    /// The user (or setOrbit) turned the camera; linked views follow.
    void orbitChanged(const insolepose::ViewOrbit& orbit);
    /// A frame finished drawing (for latency measurements).
    void painted();

public:
    /// True once the OpenGL context exists.
    bool isValid() const;
    /// The last rendered picture, read back from OpenGL.
    QImage grabFramebuffer();
    /// Where the 3D scene (what grabFramebuffer() shows) lies in this widget; the caption row and
    /// the error legend are below it.
    QRect sceneRect() const;
    /// Schedules a render.
    void requestRender();
    /// Draws the foot keypoints (big toe, small toe, heel) of each foot in contact (left, right) in
    /// the contact colour (yellow) over any other colouring; nullopt: no contact shown.
    void setFootContacts(const std::optional<std::array<bool, 2>>& contacts);
    std::optional<std::array<bool, 2>> footContacts() const;

private:
    friend class SkeletonGLWindow;
    void mousePress(QMouseEvent* event);
    void mouseMove(QMouseEvent* event);
    void wheel(QWheelEvent* event);
    void initializeGL();
    void paintGL();
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace insolepose
