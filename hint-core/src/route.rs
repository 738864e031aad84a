//! Routes: what a service crate's route table holds, and what its operations are built from.
//!
//! Every service crate keeps its routes in one table, `routes.rs`: for each call the operation
//! name that traces and errors show, the HTTP method and the path template under the base URL.
//! Operations start from a route ([`Route::op`]), and the crate's mock serves the same table
//! (`hint_core::mock::Router`, feature `mock`), so a path written once is the path both sides use.
//!
//! ```
//! use hint_core::Route;
//!
//! /// `GET saker/{systemID}`: one sak.
//! const GET_SAK: Route = Route::get("Arkiv.getSak", "saker/{systemID}");
//!
//! let op = GET_SAK.op().path_param("systemID", "a1b2");
//! assert_eq!(op.name(), "Arkiv.getSak");
//! assert_eq!(op.method(), "GET");
//! assert_eq!(op.template(), "saker/{systemID}");
//! ```

use std::fmt;

use crate::request::Operation;

/// An HTTP method of a [`Route`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as HTTP writes it (`GET`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One route of a service: operation name, method and path template. See the
/// [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    /// The operation name traces and errors show (`Arkiv.createSak`).
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template under the base URL, with `{param}` placeholders. Traces show it instead
    /// of the concrete path. `{href}`-style templates of one placeholder stand for a link the
    /// service gave, used as it is ([`Operation::absolute_url`]).
    pub template: &'static str,
}

impl Route {
    /// A route.
    pub const fn new(method: Method, name: &'static str, template: &'static str) -> Self {
        Route {
            name,
            method,
            template,
        }
    }

    /// A `GET` route.
    pub const fn get(name: &'static str, template: &'static str) -> Self {
        Route::new(Method::Get, name, template)
    }

    /// A `HEAD` route.
    pub const fn head(name: &'static str, template: &'static str) -> Self {
        Route::new(Method::Head, name, template)
    }

    /// A `POST` route.
    pub const fn post(name: &'static str, template: &'static str) -> Self {
        Route::new(Method::Post, name, template)
    }

    /// A `PUT` route.
    pub const fn put(name: &'static str, template: &'static str) -> Self {
        Route::new(Method::Put, name, template)
    }

    /// A `PATCH` route.
    pub const fn patch(name: &'static str, template: &'static str) -> Self {
        Route::new(Method::Patch, name, template)
    }

    /// A `DELETE` route.
    pub const fn delete(name: &'static str, template: &'static str) -> Self {
        Route::new(Method::Delete, name, template)
    }

    /// The same route under another operation name (one path serving two operations).
    pub const fn named(self, name: &'static str) -> Self {
        Route { name, ..self }
    }

    /// An operation on this route, to fill in (path parameters, query, body).
    pub fn op(&self) -> Operation {
        Operation::from_route(*self)
    }

    /// The names of the template's `{placeholders}`, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        let template = self.template;
        template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.template, self.name)
    }
}

impl From<Route> for Operation {
    fn from(route: Route) -> Self {
        route.op()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_read_from_the_template() {
        let route = Route::get("X.get", "a/{first}/b/{second}");
        assert_eq!(route.params().collect::<Vec<_>>(), ["first", "second"]);
        assert_eq!(Route::get("X.list", "a").params().count(), 0);
    }

    #[test]
    fn an_operation_keeps_the_route() {
        let op = Route::delete("X.delete", "a/{id}").op();
        assert_eq!(
            (op.name(), op.method(), op.template()),
            ("X.delete", "DELETE", "a/{id}")
        );
    }
}
