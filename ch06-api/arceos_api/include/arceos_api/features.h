/// @file arceos_api/features.h
/// @brief The features an application's build enables (chapter 6, "Feature gating"), and the
/// C++20 counterpart of the seed's `define_api!` macro with its `@cfg` arm.
///
/// An application's CMake names its features, `ax_app(NAME FEATURES net ...)`, which compiles
/// the application with AX_FEATURE_NET=1 (and so on), links the modules that back those
/// features (axnet, lwIP and the drivers for `net`; axtask for `multitask`) and nothing else.
/// A function of a feature that is not enabled still has a name, but calling it fails to
/// compile with a message that names the feature; a type of such a feature is an incomplete
/// type whose name says which feature to enable.
#pragma once
#include <type_traits>
#include <utility>

#ifndef AX_FEATURE_NET
/// 1 when the application's build enables the feature `net` (set by ax_app; default 0).
#define AX_FEATURE_NET 0
#endif
#ifndef AX_FEATURE_MULTITASK
/// 1 when the build enables `multitask` (spawn, join; `net` implies it; default 0).
#define AX_FEATURE_MULTITASK 0
#endif

namespace arceos_api {

/// The features of this build, as constants (ArceOS: cargo features of arceos_api).
namespace features {
/// Sockets, DNS and the NIC (ArceOS feature `net`).
inline constexpr bool net = AX_FEATURE_NET != 0;
/// Tasks: spawn and join (ArceOS feature `multitask`).
inline constexpr bool multitask = AX_FEATURE_MULTITASK != 0 || net;
}  // namespace features

/// True when @p On is: a constant that depends on @p Args, so a static_assert on it is checked
/// only when a call instantiates the function that holds it (and not when the header is read).
template <bool On, class... Args>
inline constexpr bool feature_on = On;

/// The type a gated type becomes when its feature is off: never defined, so declaring a
/// variable of it fails, and the compiler's message names the tag (below).
template <class FeatureTag>
struct FeatureNotEnabled;
/// Tag naming the feature `net` in that message.
struct enable_feature_net_in_ax_app_FEATURES;

/// A type that exists only with a feature: @p T when @p On, else an incomplete type whose
/// name tells the reader what to enable.
template <bool On, class T, class FeatureTag>
using GatedType = std::conditional_t<On, T, FeatureNotEnabled<FeatureTag>>;

}  // namespace arceos_api

/// Defines the public function @p name of the feature @p feature (chapter 6, "Feature
/// gating"): a forwarding template, as `define_api!` forwards each `fn` to `imp::name`, whose
/// body holds a static_assert that fails, naming the feature, when the feature is off. The
/// implementation arceos_api::imp::name is declared for everyone and defined only in the
/// module of the feature, so the static_assert is what an application meets, at compile time.
#define AX_DEFINE_API_CFG(feature, name)                                                  \
    template <class... Args>                                                              \
    inline decltype(auto) name(Args&&... args) {                                          \
        static_assert(::arceos_api::feature_on<::arceos_api::features::feature, Args...>, \
                      #name "() belongs to arceos_api's feature `" #feature               \
                            "`, which this application does not enable: add " #feature    \
                            " to FEATURES in its ax_app()");                              \
        return ::arceos_api::imp::name(std::forward<Args>(args)...);                      \
    }
